import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { users } from '../db/schema';
import { recordAudit } from '../audit/writer';
import { newCalendarToken, type Subscription } from './tokens';

export interface Preferences {
	digestEnabled: boolean;
	noticesEnabled: boolean;
	calendarToken: string | null;
}

export function preferencesOf(db: Db, userId: number): Preferences | null {
	return (
		db
			.select({
				digestEnabled: users.digestEnabled,
				noticesEnabled: users.noticesEnabled,
				calendarToken: users.calendarToken
			})
			.from(users)
			.where(eq(users.id, userId))
			.get() ?? null
	);
}

/**
 * Turns mails on or off for one person, audited in the same transaction (by the person on /compte,
 * or by whoever holds the signed link of a mail). False when the account does not exist.
 */
export function setSubscriptions(
	db: Db,
	userId: number,
	change: { digestEnabled?: boolean; noticesEnabled?: boolean },
	actor: { id: number | null; name: string }
): boolean {
	return db.transaction((tx) => {
		const before = tx.select().from(users).where(eq(users.id, userId)).get();
		if (!before) return false;
		const after = {
			digestEnabled: change.digestEnabled ?? before.digestEnabled,
			noticesEnabled: change.noticesEnabled ?? before.noticesEnabled
		};
		// A link used twice (or a flood of posts) writes nothing more: no change, no audit row.
		if (
			after.digestEnabled === before.digestEnabled &&
			after.noticesEnabled === before.noticesEnabled
		)
			return true;
		tx.update(users).set(after).where(eq(users.id, userId)).run();
		recordAudit(tx, {
			userId: actor.id,
			actor: actor.name,
			entityType: 'user',
			entityId: userId,
			operation: 'update',
			before: { digestEnabled: before.digestEnabled, noticesEnabled: before.noticesEnabled },
			after
		});
		return true;
	});
}

/** What an unsubscribe link turns off. */
export const UNSUBSCRIBE_CHANGE: Record<
	Subscription,
	{ digestEnabled?: false; noticesEnabled?: false }
> = {
	digest: { digestEnabled: false },
	notices: { noticesEnabled: false },
	all: { digestEnabled: false, noticesEnabled: false }
};

/** A new private calendar address (the old one stops working), or none; audited, never the token. */
export function resetCalendarToken(
	db: Db,
	userId: number,
	revoke: boolean,
	actor: { id: number | null; name: string }
): string | null {
	const token = revoke ? null : newCalendarToken();
	db.transaction((tx) => {
		tx.update(users).set({ calendarToken: token }).where(eq(users.id, userId)).run();
		recordAudit(tx, {
			userId: actor.id,
			actor: actor.name,
			entityType: 'user',
			entityId: userId,
			operation: 'update',
			after: { calendarFeed: revoke ? 'révoqué' : 'nouvelle adresse' }
		});
	});
	return token;
}
