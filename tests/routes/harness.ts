import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { db } from '../../src/lib/server/db/client';
import { users } from '../../src/lib/server/db/schema';
import { ensureDemoAccounts } from '../../src/lib/server/users/commands';
import {
	createSession,
	validateSession,
	type SessionUser
} from '../../src/lib/server/auth/session';

/**
 * Calls the app's real form actions in-process, as SvelteKit would after routing: a Request with a
 * urlencoded or multipart body, locals with the signed-in user, the route's params. The database is
 * the app's own (DATABASE_PATH=:memory:, migrated and seeded on first use).
 */

export type Role = 'admin' | 'chef' | 'elu' | 'lothabitat' | 'departement' | 'relogement';
export const ROLES: Role[] = ['admin', 'chef', 'elu', 'lothabitat', 'departement', 'relogement'];

let ready: Promise<void> | undefined;
const sessionUsers = new Map<Role, SessionUser>();

/** The demo accounts, signed in. */
export async function setup(): Promise<void> {
	ready ??= (async () => {
		await ensureDemoAccounts(db());
		for (const role of ROLES) {
			const row = db()
				.select()
				.from(users)
				.where(eq(users.email, `${role}@demo.grandcahors.fr`))
				.get()!;
			const { token } = createSession(db(), row.id);
			sessionUsers.set(role, validateSession(db(), token)!.user);
		}
	})();
	return ready;
}

export const userOf = (role: Role | null): SessionUser | null =>
	role ? { ...sessionUsers.get(role)! } : null;

export type Body = [string, string][] | { multipart: [string, string | Blob, string?][] };

export interface Outcome {
	status: number;
	data?: Record<string, unknown>;
	message?: string;
}

type Action = (event: RequestEvent) => Promise<unknown>;

/** Runs one action and reports what the browser would get: its status and data. */
export async function call(
	/** a page's `actions` export */
	actions: object,
	name: string,
	options: {
		route: string;
		path: string;
		params?: Record<string, string>;
		user: Role | null;
		body: Body;
		/** the client's address (default 127.0.0.1) */
		address?: string;
	}
): Promise<Outcome> {
	let request: Request;
	const url = new URL(`http://localhost${options.path}?/${name}`);
	if (Array.isArray(options.body))
		request = new Request(url, { method: 'POST', body: new URLSearchParams(options.body) });
	else {
		const form = new FormData();
		for (const [k, v, filename] of options.body.multipart)
			if (typeof v === 'string') form.append(k, v);
			else form.append(k, v, filename ?? 'fichier');
		// As a server receives it: a stream of chunks with no declared length, which the app may
		// stop reading (and cancel) part-way, as adapter-node's request stream allows.
		const encoded = new Response(form);
		const bytes = new Uint8Array(await encoded.arrayBuffer());
		let offset = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (offset >= bytes.length) return controller.close();
				controller.enqueue(bytes.slice(offset, (offset += 64 * 1024)));
			}
		});
		request = new Request(url, {
			method: 'POST',
			body: stream,
			headers: { 'content-type': encoded.headers.get('content-type')! },
			duplex: 'half'
		} as RequestInit);
	}
	const event = {
		request,
		url,
		params: options.params ?? {},
		route: { id: options.route },
		locals: { user: userOf(options.user), requestId: 'test' },
		cookies: { get: () => undefined, set() {}, delete() {}, getAll: () => [], serialize: () => '' },
		getClientAddress: () => options.address ?? '127.0.0.1',
		setHeaders() {},
		isDataRequest: false,
		isSubRequest: false,
		platform: undefined,
		fetch
	} as unknown as RequestEvent;
	try {
		const result = await (actions as Record<string, Action>)[name](event);
		if (result && typeof result === 'object' && result.constructor?.name === 'ActionFailure') {
			const f = result as { status: number; data: Record<string, unknown> };
			return { status: f.status, data: f.data };
		}
		return { status: 200, data: (result ?? {}) as Record<string, unknown> };
	} catch (e) {
		const thrown = e as { status?: number; body?: { message?: string }; location?: string };
		if (typeof thrown.status === 'number')
			return { status: thrown.status, message: thrown.body?.message ?? thrown.location };
		// Anything else would be a 500 for the user.
		return { status: 500, message: (e as Error).message };
	}
}

/** Everything a write could touch, as one comparable value (security bookkeeping aside: sessions, the
 * sign-in throttle and failed sign-ins are written by refused attempts by design). */
export function snapshot(): string {
	const tables = db()
		.$client.prepare(
			`select name from sqlite_master where type = 'table' and name not in ('sessions', 'login_throttle', 'login_failures', 'import_drafts') and name not like 'sqlite_%' order by name`
		)
		.all() as { name: string }[];
	return tables
		.map(
			({ name }) =>
				`${name}:${JSON.stringify(db().$client.prepare(`select * from "${name}"`).all())}`
		)
		.join('\n');
}

export { db };
