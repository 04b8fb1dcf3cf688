import { sql } from 'drizzle-orm';
import type { Db } from './db';

const MAX_ENTRIES = 64;
const store = new Map<string, unknown>();

interface CachedResponse {
	status: number;
	headers: [string, string][];
	body: Uint8Array;
}

/** Per server thread (npm start runs several). */
const RESPONSE_BUDGET = 16 * 1024 * 1024;
const responses = new Map<string, CachedResponse>();
let responseBytes = 0;

/**
 * The data's version: the last audit entry. Every write goes through the audit log, so a cached
 * result keyed by it can never outlive an edit.
 */
export function dataVersion(db: Db): number {
	return db.get<{ v: number }>(sql`select coalesce(max(id), 0) as v from audit_log`).v;
}

/**
 * The version the caches below hold entries of. An entry of an older version can never be read
 * again: all are dropped at once when the data changes, instead of ageing out while they hold memory.
 */
let heldVersion = -1;
function keyFor(db: Db, key: string): string {
	const v = dataVersion(db);
	if (v !== heldVersion) {
		heldVersion = v;
		store.clear();
		responses.clear();
		responseBytes = 0;
	}
	return `${v}|${key}`;
}

/** The entry of `k` in `entries`, computed when missing; the least recently used go first. */
function remembered<T>(entries: Map<string, unknown>, k: string, compute: () => T): T {
	if (entries.has(k)) {
		const hit = entries.get(k) as T;
		entries.delete(k);
		entries.set(k, hit);
		return hit;
	}
	const value = compute();
	entries.set(k, value);
	while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
	return value;
}

/** Computes once per data version and key; the oldest entries go first. */
export function memo<T>(db: Db, key: string, compute: () => T): T {
	return remembered(store, keyFor(db, key), compute);
}

export function clearCache(): void {
	store.clear();
}

/** Results kept by the data versions they depend on, per database connection (tests open several). */
const byScopes = new WeakMap<object, Map<string, unknown>>();

/**
 * Computes once per key and versions of the scopes it depends on (table `data_versions`, bumped by
 * triggers in each writing transaction: `programme:<id>`, `funder:<organisation id>`, `site`, `all`):
 * unlike `memo`, an entry outlives writes elsewhere. The oldest entries go first.
 */
export function memoByScopes<T>(db: Db, key: string, scopes: string[], compute: () => T): T {
	const rows = db.all<{ scope: string; version: number }>(
		sql`select scope, version from data_versions where scope in ${scopes}`
	);
	const held = new Map(rows.map((r) => [r.scope, r.version]));
	const k = `${key}|${scopes.map((s) => `${s}=${held.get(s) ?? 0}`).join('|')}`;
	let entries = byScopes.get(db.$client);
	if (!entries) byScopes.set(db.$client, (entries = new Map<string, unknown>()));
	return remembered(entries, k, compute);
}

/**
 * Anonymous GET responses are the same for every visitor until the data changes: they are kept per
 * data version and URL (and day, for "today"-relative figures), within a memory budget.
 */
export async function cachedResponse(
	db: Db,
	key: string,
	produce: () => Promise<Response>
): Promise<Response> {
	const k = keyFor(db, key);
	const hit = responses.get(k);
	if (hit) {
		responses.delete(k);
		responses.set(k, hit);
		return new Response(hit.body.slice(), {
			status: hit.status,
			headers: [...hit.headers, ['x-cache', 'hit']]
		});
	}
	const response = await produce();
	const headers = [...response.headers.entries()];
	const storable =
		response.status === 200 &&
		!response.headers.has('set-cookie') &&
		!/no-store|private/.test(response.headers.get('cache-control') ?? '');
	if (!storable) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	if (body.byteLength <= RESPONSE_BUDGET / 8) {
		responses.set(k, { status: response.status, headers, body });
		responseBytes += body.byteLength;
		while (responseBytes > RESPONSE_BUDGET) {
			const [oldest, value] = responses.entries().next().value!;
			responses.delete(oldest);
			responseBytes -= value.body.byteLength;
		}
	}
	return new Response(body.slice(), {
		status: response.status,
		headers: [...headers, ['x-cache', 'miss']]
	});
}

export function clearResponses(): void {
	responses.clear();
	responseBytes = 0;
}
