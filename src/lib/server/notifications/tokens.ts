import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { appSecrets } from '../db/schema';
import { logger } from '../log/logger';

const DAY = 24 * 60 * 60 * 1000;
/** An unsubscribe link works this long after the mail was sent. */
export const UNSUBSCRIBE_VALID_DAYS = 60;

/** The key that signs unsubscribe links: NOTIFICATIONS_SECRET, else one generated once and kept. */
function signingKey(db: Db): string {
	const configured = process.env.NOTIFICATIONS_SECRET?.trim();
	if (configured && configured.length >= 32) return configured;
	if (configured)
		logger.warn('NOTIFICATIONS_SECRET has fewer than 32 characters: the generated key is used');
	const row = db.select().from(appSecrets).where(eq(appSecrets.name, 'unsubscribe')).get();
	if (row) return row.value;
	const value = randomBytes(32).toString('base64url');
	db.insert(appSecrets)
		.values({ name: 'unsubscribe', value, createdAt: new Date().toISOString() })
		.onConflictDoNothing()
		.run();
	return db.select().from(appSecrets).where(eq(appSecrets.name, 'unsubscribe')).get()!.value;
}

export type Subscription = 'digest' | 'notices' | 'all';

const mac = (key: string, payload: string) =>
	createHmac('sha256', key).update(payload).digest('base64url');

/** A signed, expiring token saying "user N may turn off these mails", for a link without sign-in. */
export function unsubscribeToken(db: Db, userId: number, what: Subscription, now = Date.now()) {
	const expires = Math.floor((now + UNSUBSCRIBE_VALID_DAYS * DAY) / 1000);
	const payload = `${userId}.${what}.${expires}`;
	return `${payload}.${mac(signingKey(db), payload)}`;
}

/** The token's user and subscription when its signature holds and it has not expired; else null. */
export function readUnsubscribeToken(
	db: Db,
	token: string,
	now = Date.now()
): { userId: number; what: Subscription } | null {
	const m = /^(\d{1,10})\.(digest|notices|all)\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
	if (!m) return null;
	const [, id, what, expires, signature] = m;
	const expected = Buffer.from(mac(signingKey(db), `${id}.${what}.${expires}`));
	const given = Buffer.from(signature);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
	if (Number(expires) * 1000 < now) return null;
	return { userId: Number(id), what: what as Subscription };
}

/** An unguessable token for a private calendar feed address (revocable by replacing it). */
export const newCalendarToken = () => randomBytes(24).toString('base64url');
