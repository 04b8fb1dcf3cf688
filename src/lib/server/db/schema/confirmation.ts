import { integer, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

/**
 * When a person last confirmed a record's state, and who. The seed's import is not a confirmation:
 * seeded records start unconfirmed. (A function declaration, so that schema files may call it while
 * their imports are still being evaluated.)
 */
export function confirmationColumns() {
	return {
		confirmedAt: text('confirmed_at'),
		confirmedBy: integer('confirmed_by').references(() => users.id)
	};
}
