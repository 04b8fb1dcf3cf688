import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db';
import { sessions, users, userProgrammes } from '../db/schema';
import type { Actor } from './permissions';

export const SESSION_COOKIE = 'session';
const DAY = 24 * 60 * 60 * 1000;
const LIFETIME = 30 * DAY;
const RENEW_WITHIN = 15 * DAY;

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
	const expiresAt = now + LIFETIME;
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
	let expiresAt = row.session.expiresAt;
	const renewed = expiresAt - now < RENEW_WITHIN;
	if (renewed) {
		expiresAt = now + LIFETIME;
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
