import { sql, eq, asc } from 'drizzle-orm';
import type { Db } from '../db';
import { organisations } from '../db/schema';
import { sortFrench } from '../../domain/collation';

export function listOrganisations(db: Db) {
	const rows = db.all<{
		slug: string;
		name: string;
		shortName: string | null;
		type: string;
		programmeCount: number;
		fundingCents: number;
	}>(sql`
		select o.slug, o.name, o.short_name as shortName, o.type,
			(select count(distinct programme_id) from programme_organisations po where po.organisation_id = o.id) as programmeCount,
			(select coalesce(sum(amount_cents), 0) from funding_lines fl where fl.organisation_id = o.id) as fundingCents
		from organisations o order by o.name collate nocase`);
	return sortFrench(rows, (o) => o.name);
}

export function getOrganisationBySlug(db: Db, slug: string) {
	return db.select().from(organisations).where(eq(organisations.slug, slug)).get();
}

/** The organisation's roles in each programme, and what it leads. */
export function organisationRoles(db: Db, organisationId: number) {
	const roles = db.all<{
		programmeSlug: string;
		programmeName: string;
		role: string;
		note: string | null;
		citationId: number | null;
	}>(sql`
		select p.slug as programmeSlug, p.name as programmeName, po.role, po.note, po.citation_id as citationId
		from programme_organisations po join programmes p on p.id = po.programme_id
		where po.organisation_id = ${organisationId} order by p.position, po.role`);
	const led = db.all<{
		type: string;
		id: number;
		label: string;
		href: string;
		context: string;
	}>(sql`
		select 'action' as type, a.id as id, case when a.number is not null then 'Action ' || a.code || ' – ' else '' end || a.title as label,
			'/programmes/' || p.slug || '/actions/' || a.code as href, p.short_name as context
		from action_items a join programmes p on p.id = a.programme_id where a.lead_organisation_id = ${organisationId}
		union all
		select 'operation', o.id, o.name, '/operations/' || o.slug, coalesce(p.short_name, '')
		from operations o left join programmes p on p.id = o.programme_id where o.lead_organisation_id = ${organisationId}`);
	const envelopes = db.all<{
		programmeSlug: string;
		programmeName: string;
		label: string;
		kind: string;
		amountCents: number;
		parentId: number | null;
		citationId: number | null;
	}>(sql`
		select p.slug as programmeSlug, p.short_name as programmeName, e.label, e.kind, e.amount_cents as amountCents,
			e.parent_id as parentId, e.citation_id as citationId
		from envelopes e join programmes p on p.id = e.programme_id where e.organisation_id = ${organisationId}
		order by e.position`);
	return { roles, led, envelopes };
}

export const organisationOrder = asc(organisations.name);
