import type { ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { db, closeDb } from '$lib/server/db/client';

/** Opens the database at start-up, so a missing or empty one is migrated and seeded before serving. */
export const init: ServerInit = () => {
	if (building) return;
	db();
	// adapter-node emits this after SIGTERM/SIGINT once in-flight requests are done.
	process.once('sveltekit:shutdown' as never, () => closeDb());
};
