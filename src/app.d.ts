// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** quoted to the administrator to find the log line */
			requestId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			requestId: string;
		}
	}
}

export {};
