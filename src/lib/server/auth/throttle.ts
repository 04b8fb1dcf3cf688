import { countOf } from '../../domain/numbers';
import { createHash } from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { loginThrottle } from '../db/schema';

/**
 * Sign-in throttling, stored in SQLite: shared by every process that opens the database, purged as
 * it goes (a key is forgotten `windowMs` after its last failure), and keyed by a hash (no e-mail or
 * address is kept in clear). Progressive delays instead of a lock: after `free` failures each new
 * attempt must wait `baseMs × 2^(excess)`, capped at `maxMs`, counted from the last failure.
 */
export interface ThrottleRule {
	/** failures allowed without delay */
	free: number;
	baseMs: number;
	maxMs: number;
}

const WINDOW_MS = 15 * 60 * 1000;
const keyOf = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

const num = (v: string | undefined, fallback: number) => {
	const n = Number(v);
	return Number.isFinite(n) && n > 0 ? n : fallback;
};

/**
 * The rules: the same e-mail from the same address is slowed down quickly; the e-mail from anywhere
 * only a little (an attacker elsewhere must not lock its owner out: at most a minute's wait); one
 * address (an office, or every visitor behind a proxy not configured with ADDRESS_HEADER) later.
 */
export function throttleRules() {
	return {
		pair: {
			free: num(process.env.LOGIN_MAX_ATTEMPTS, 5),
			baseMs: 30_000,
			maxMs: WINDOW_MS
		},
		account: { free: 10, baseMs: 5_000, maxMs: 60_000 },
		address: {
			free: num(process.env.LOGIN_MAX_ATTEMPTS_PER_ADDRESS, 50),
			baseMs: 30_000,
			maxMs: WINDOW_MS
		}
	} satisfies Record<string, ThrottleRule>;
}

/** The delay a key's failures impose after the last one (ms), 0 when free. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
	if (failures < rule.free) return 0;
	return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(30, failures - rule.free));
}

export type ThrottleKeys = [key: string, rule: ThrottleRule][];

/** Milliseconds to wait before another attempt is examined, 0 when allowed. */
export function retryAfterMs(db: Db, keys: ThrottleKeys, now = Date.now()): number {
	let wait = 0;
	for (const [key, rule] of keys) {
		const row = db.get<{ failures: number; last: number } | undefined>(
			sql`select failures, last_failure_at as last from login_throttle where key = ${keyOf(key)}`
		);
		if (!row || row.last < now - WINDOW_MS) continue;
		wait = Math.max(wait, row.last + delayAfter(row.failures, rule) - now);
	}
	return Math.max(0, wait);
}

/** Records a hit (a failed sign-in, a printed report) on each key, forgetting keys idle for the window. */
export function recordHit(db: Db, keys: ThrottleKeys, now = Date.now()): void {
	db.transaction((tx) => {
		tx.delete(loginThrottle)
			.where(lt(loginThrottle.lastFailureAt, now - WINDOW_MS))
			.run();
		for (const [key] of keys)
			tx.insert(loginThrottle)
				.values({ key: keyOf(key), failures: 1, lastFailureAt: now })
				.onConflictDoUpdate({
					target: loginThrottle.key,
					set: { failures: sql`${loginThrottle.failures} + 1`, lastFailureAt: now }
				})
				.run();
	});
}

/** A success clears the keys that belong to this person (not the address's count). */
export function clearHits(db: Db, keys: string[]): void {
	for (const key of keys) db.run(sql`delete from login_throttle where key = ${keyOf(key)}`);
}

/** "30 secondes", "2 minutes": how long to wait, in words. */
export function waitInWords(ms: number): string {
	const s = Math.ceil(ms / 1000);
	if (s < 60) return countOf(s, 'seconde');
	const m = Math.ceil(s / 60);
	return countOf(m, 'minute');
}

/** Takes one hit back from each key (a check that succeeded was counted while it ran). */
export function forgiveHits(db: Db, keys: string[]): void {
	for (const key of keys)
		db.run(
			sql`update login_throttle set failures = max(0, failures - 1) where key = ${keyOf(key)}`
		);
}

const KNOWN_FOR_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * Counts a wrong password checked against this e-mail's account: one row per account and day (UTC),
 * kept 90 days, read by the administrators (/admin/utilisateurs, weekly digest). Only checked
 * attempts count (one refused by the throttle was never checked), so a flood refused at the door
 * adds nothing and an address over its own limit flags nobody; a slow guesser the delays never stop
 * still shows. The same statement runs for an e-mail that is no account (it inserts nothing), so
 * the answer's time does not tell them apart.
 */
export function recordFailedSignIn(db: Db, email: string, now = Date.now()): void {
	const day = new Date(now).toISOString().slice(0, 10);
	const oldest = new Date(now - KNOWN_FOR_MS).toISOString().slice(0, 10);
	db.transaction((tx) => {
		tx.run(sql`delete from login_failures where day < ${oldest}`);
		tx.run(sql`insert into login_failures (user_id, day, failures)
			select id, ${day}, 1 from users where email = ${email}
			on conflict (user_id, day) do update set failures = failures + 1`);
	});
}

/** An address from which this e-mail has signed in before (hashed; kept 90 days). */
export function isKnownAddress(db: Db, email: string, address: string, now = Date.now()): boolean {
	return Boolean(
		db.get(
			sql`select 1 from login_known_addresses where key = ${keyOf(`known:${email}|${address}`)} and seen_at > ${now - KNOWN_FOR_MS}`
		)
	);
}

export function rememberAddress(db: Db, email: string, address: string, now = Date.now()): void {
	db.run(sql`delete from login_known_addresses where seen_at < ${now - KNOWN_FOR_MS}`);
	db.run(
		sql`insert into login_known_addresses (key, seen_at) values (${keyOf(`known:${email}|${address}`)}, ${now})
			on conflict(key) do update set seen_at = excluded.seen_at`
	);
}

/**
 * The keys of one sign-in attempt. From an address where the owner signed in before, the
 * account-wide key does not apply: attackers elsewhere, however many, cannot keep the owner out.
 */
export function signInKeys(email: string, address: string, known = false): ThrottleKeys {
	const r = throttleRules();
	return [
		[`pair:${email}|${address}`, r.pair],
		...(known ? [] : ([[`email:${email}`, r.account]] as ThrottleKeys)),
		[`ip:${address}`, r.address]
	];
}

/** The keys of a current-password check on /compte: the account wherever it is used from, and the address. */
export function passwordCheckKeys(userId: number, address: string): ThrottleKeys {
	const r = throttleRules();
	return [
		[`password:${userId}`, r.pair],
		[`ip:${address}`, r.address]
	];
}

/** Anonymous PDF reports: 5 per address, then one more every minute, doubling up to 15 minutes. */
export function pdfThrottleKeys(address: string): ThrottleKeys {
	return [[`pdf:${address}`, { free: 5, baseMs: 60_000, maxMs: WINDOW_MS }]];
}
