import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { sortFrench } from '../../domain/collation';

export interface AccountRow {
	id: number;
	email: string;
	name: string;
	role: string;
	active: number;
	version: number;
	organisation: string | null;
	organisationSlug: string | null;
	/** programme short names, for reading */
	programmes: string | null;
	/** programme slugs, comma-separated, for the access form */
	programmeSlugs: string | null;
	/** the last day (UTC) of a failed sign-in, within the last 7 days */
	failedOn: string | null;
	/** failed sign-ins over those 7 days */
	failures: number | null;
}

/** Every account with its organisation and programmes, in French order of names (administration). */
export function listAccounts(db: Db, today = new Date().toISOString().slice(0, 10)): AccountRow[] {
	return sortFrench(
		db.all<AccountRow>(sql`
		select u.id, u.email, u.name, u.role, u.active, u.version,
			o.short_name as organisation, o.slug as organisationSlug,
			(select group_concat(p.short_name, ', ') from user_programmes up join programmes p on p.id = up.programme_id where up.user_id = u.id) as programmes,
			(select group_concat(p.slug, ',') from user_programmes up join programmes p on p.id = up.programme_id where up.user_id = u.id) as programmeSlugs,
			l.failedOn, l.failures
		from users u left join organisations o on o.id = u.organisation_id
		left join (select user_id, max(day) as failedOn, sum(failures) as failures from login_failures
			where day >= date(${today}, '-6 days') group by user_id) l on l.user_id = u.id`),
		(u) => u.name
	);
}

/** Organisations and programmes an account can be attached to. */
export function accessChoices(db: Db) {
	return {
		organisations: sortFrench(
			db.all<{ slug: string; name: string }>(sql`select slug, name from organisations`),
			(o) => o.name
		),
		programmes: db.all<{ slug: string; name: string }>(
			sql`select slug, short_name as name from programmes order by position`
		)
	};
}
