import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db';
import { sessions, users, userProgrammes } from '../db/schema';
import type { Actor } from './permissions';

export const SESSION_COOKIE = 'session';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * A session ends after SESSION_IDLE_HOURS without a request (default 12) and, whatever the activity,
 * SESSION_MAX_DAYS after sign-in (default 30): a stolen cookie does not live forever.
 */
export function sessionLimits() {
	const n = (v: string | undefined, fallback: number) => {
		const x = Number(v);
		return Number.isFinite(x) && x > 0 ? x : fallback;
	};
	return {
		idleMs: n(process.env.SESSION_IDLE_HOURS, 12) * HOUR,
		maxMs: n(process.env.SESSION_MAX_DAYS, 30) * DAY
	};
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionUser extends Actor {
	email: string;
	name: string;
	mustChangePassword: boolean;
}

/** Starts a session: the token goes to the cookie, only its hash to the database. */
export function createSession(
	db: Db,
	userId: number,
	now = Date.now()
): { token: string; expiresAt: number } {
	const token = randomBytes(32).toString('base64url');
	const { idleMs, maxMs } = sessionLimits();
	const expiresAt = now + Math.min(idleMs, maxMs);
	db.insert(sessions)
		.values({ id: digest(token), userId, expiresAt, createdAt: new Date(now).toISOString() })
		.run();
	return { token, expiresAt };
}

/** The session's user, sliding the expiry forward when it is half spent; null when unknown, expired or disabled. */
export function validateSession(
	db: Db,
	token: string,
	now = Date.now()
): { user: SessionUser; expiresAt: number; renewed: boolean } | null {
	const id = digest(token);
	const row = db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, id))
		.get();
	if (!row) return null;
	if (row.session.expiresAt <= now || !row.user.active) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		return null;
	}
	const { idleMs, maxMs } = sessionLimits();
	const absoluteEnd = Date.parse(row.session.createdAt) + maxMs;
	if (!(absoluteEnd > now)) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		return null;
	}
	// Slides by the idle period, never past the absolute end; written at most every few minutes.
	let expiresAt = row.session.expiresAt;
	const next = Math.min(now + idleMs, absoluteEnd);
	const renewed = next - expiresAt > Math.min(10 * 60 * 1000, idleMs / 10);
	if (renewed) {
		expiresAt = next;
		db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id)).run();
	}
	const programmeIds = db
		.select({ id: userProgrammes.programmeId })
		.from(userProgrammes)
		.where(eq(userProgrammes.userId, row.user.id))
		.all()
		.map((r) => r.id);
	const u = row.user;
	return {
		user: {
			id: u.id,
			email: u.email,
			name: u.name,
			role: u.role,
			organisationId: u.organisationId,
			programmeIds,
			mustChangePassword: u.mustChangePassword
		},
		expiresAt,
		renewed
	};
}

export function invalidateSession(db: Db, token: string): void {
	db.delete(sessions)
		.where(eq(sessions.id, digest(token)))
		.run();
}

export function invalidateUserSessions(db: Db, userId: number): void {
	db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function purgeExpiredSessions(db: Db, now = Date.now()): void {
	db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
}

export function setSessionCookie(
	cookies: Cookies,
	token: string,
	expiresAt: number,
	secure: boolean
): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
