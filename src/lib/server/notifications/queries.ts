import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { SEED_ACTOR } from '../../domain/changes';

export interface Recipient {
	id: number;
	email: string;
	name: string;
	role: string;
	organisationId: number | null;
	programmeIds: number[];
	digestEnabled: boolean;
	noticesEnabled: boolean;
}

/** Active accounts, with what they may read and what they want to receive. */
export function recipients(db: Db): Recipient[] {
	return db
		.all<{
			id: number;
			email: string;
			name: string;
			role: string;
			organisationId: number | null;
			programmes: string | null;
			digestEnabled: number;
			noticesEnabled: number;
		}>(
			sql`
		select u.id, u.email, u.name, u.role, u.organisation_id as organisationId,
			(select group_concat(programme_id) from user_programmes where user_id = u.id) as programmes,
			u.digest_enabled as digestEnabled, u.notices_enabled as noticesEnabled
		from users u where u.active = 1 order by u.id`
		)
		.map((r) => ({
			...r,
			programmeIds: r.programmes ? r.programmes.split(',').map(Number) : [],
			digestEnabled: Boolean(r.digestEnabled),
			noticesEnabled: Boolean(r.noticesEnabled)
		}));
}

export function programmeSlugs(
	db: Db,
	ids: number[]
): { id: number; slug: string; name: string }[] {
	if (!ids.length) return [];
	return db.all(
		sql`select id, slug, short_name as name from programmes where id in ${ids} order by position, id`
	);
}

export interface PartnerLine {
	id: number;
	label: string;
	status: string;
	amountCents: number;
	paidCents: number;
	subject: string;
	programme: string;
}

/** A partner's funding lines (its organisation's, nobody else's). */
export function partnerLines(db: Db, organisationId: number): PartnerLine[] {
	return db.all<PartnerLine>(sql`
		select fl.id, fl.label, fl.status, fl.amount_cents as amountCents, coalesce(fl.paid_cents, 0) as paidCents,
			coalesce(o.name, a.title) as subject, p.short_name as programme
		from funding_lines fl
		left join action_items a on a.id = fl.action_id left join operations o on o.id = fl.operation_id
		join programmes p on p.id = coalesce(a.programme_id, o.programme_id)
		where fl.organisation_id = ${organisationId}
		order by p.position, fl.id`);
}

/** How many changes others made on a partner's lines since a date (no detail beyond its own lines). */
export function partnerLineChanges(db: Db, organisationId: number, since: string, userId: number) {
	return (
		db.get<{ n: number }>(sql`
		select count(*) as n from audit_log l join funding_lines fl on fl.id = l.entity_id
		where l.entity_type = 'funding_line' and l.at >= ${since} and fl.organisation_id = ${organisationId}
			and coalesce(l.user_id, -1) != ${userId} and l.actor != ${SEED_ACTOR}`)?.n ?? 0
	);
}

/** Accounts with at least `threshold` failed sign-ins over the days from `from` to before `to`. */
export function accountsWithFailedSignIns(
	db: Db,
	from: string,
	to: string,
	threshold: number
): number {
	return (
		db.get<{ n: number }>(sql`
		select count(*) as n from (select user_id from login_failures
			where day >= ${from} and day < ${to} group by user_id having sum(failures) >= ${threshold})`)?.n ??
		0
	);
}

/** Import previews left without an import (the import failed or was abandoned) for over a day. */
export function staleImportDrafts(db: Db, beforeMs: number): number {
	return (
		db.get<{ n: number }>(
			sql`select count(*) as n from import_drafts where created_at < ${beforeMs}`
		)?.n ?? 0
	);
}

export interface NoticeEvent {
	auditId: number;
	at: string;
	actor: string;
	kind: 'line_changed' | 'partner_commitment' | 'milestone_moved';
	/** the author's role and organisation, for readers who may not see staff names */
	actorRole: string | null;
	actorOrganisation: string | null;
	subject: string;
	programme: string;
	href: string;
	before: string | null;
	after: string | null;
}

const ACTOR = sql`(select role from users where id = l.user_id) as actorRole,
	(select coalesce(o2.short_name, o2.name) from users u2 join organisations o2 on o2.id = u2.organisation_id where u2.id = l.user_id) as actorOrganisation`;
const LINE_FROM = sql`audit_log l
	join funding_lines fl on fl.id = l.entity_id
	left join action_items a on a.id = fl.action_id left join operations o on o.id = fl.operation_id
	join programmes p on p.id = coalesce(a.programme_id, o.programme_id)`;
const LINE_SUBJECT = sql`fl.label || ' – ' || coalesce(o.name, a.title)`;
const LINE_HREF = sql`case when o.id is not null then '/operations/' || o.slug else '/programmes/' || p.slug || '/actions/' || a.code end`;

/** Entries of one kind read at a time for a notice. */
export const NOTICE_BATCH = 200;

/**
 * What happened since the last notice that this person should hear about, done by someone else:
 * a partner hears of its organisation's lines created or changed; a project manager of partners'
 * commitments and payments on its programmes; a lead organisation's people of their milestones'
 * planned dates moved by another organisation.
 */
export function noticeEvents(
	db: Db,
	r: Recipient,
	afterAuditId: number,
	since: string
): NoticeEvent[] {
	const base = sql`l.id > ${afterAuditId} and l.at >= ${since} and coalesce(l.user_id, -1) != ${r.id} and l.actor != ${SEED_ACTOR}`;
	const out: NoticeEvent[] = [];
	// Each kind is read 200 at a time: when one is cut, the notice stops at its last entry, so that
	// the next notice starts there and no entry of any kind is skipped.
	let cut = Infinity;
	const take = (rows: NoticeEvent[]) => {
		if (rows.length === NOTICE_BATCH) cut = Math.min(cut, rows[rows.length - 1].auditId);
		out.push(...rows);
	};
	if (r.role === 'partenaire' && r.organisationId !== null) {
		take(
			db.all<NoticeEvent>(sql`
			select l.id as auditId, l.at, l.actor, ${ACTOR}, 'line_changed' as kind, ${LINE_SUBJECT} as subject,
				p.short_name as programme, ${LINE_HREF} as href, l.before, l.after
			from ${LINE_FROM}
			where l.entity_type = 'funding_line' and ${base} and fl.organisation_id = ${r.organisationId}
			order by l.id limit ${NOTICE_BATCH}`)
		);
		take(
			db.all<NoticeEvent>(sql`
			select l.id as auditId, l.at, l.actor, ${ACTOR}, 'milestone_moved' as kind, m.title || ' – ' || coalesce(o.name, a.title) as subject,
				p.short_name as programme,
				case when o.id is not null then '/operations/' || o.slug else '/programmes/' || p.slug || '/actions/' || a.code end as href,
				l.before, l.after
			from audit_log l join milestones m on m.id = l.entity_id
			left join action_items a on a.id = m.action_id left join operations o on o.id = m.operation_id
			join programmes p on p.id = coalesce(a.programme_id, o.programme_id)
			left join users u on u.id = l.user_id
			where l.entity_type = 'milestone' and l.operation = 'update' and ${base}
				and coalesce(o.lead_organisation_id, a.lead_organisation_id) = ${r.organisationId}
				and coalesce(u.organisation_id, -1) != ${r.organisationId}
				and json_extract(l.before, '$.plannedDate') is not json_extract(l.after, '$.plannedDate')
			order by l.id limit ${NOTICE_BATCH}`)
		);
	}
	if (r.role === 'chef_de_projet' && r.programmeIds.length) {
		take(
			db.all<NoticeEvent>(sql`
			select l.id as auditId, l.at, l.actor, ${ACTOR}, 'partner_commitment' as kind, ${LINE_SUBJECT} as subject,
				p.short_name as programme, ${LINE_HREF} as href, l.before, l.after
			from ${LINE_FROM} join users u on u.id = l.user_id
			where l.entity_type = 'funding_line' and l.operation = 'update' and ${base}
				and u.role = 'partenaire' and p.id in ${r.programmeIds}
			order by l.id limit ${NOTICE_BATCH}`)
		);
	}
	return out.filter((e) => e.auditId <= cut).sort((x, y) => x.auditId - y.auditId);
}

/** The last notice sent to a person: when, and up to which audit entry. */
export function lastNotice(db: Db, userId: number) {
	return db.get<{ sentAt: string; lastAuditId: number }>(sql`
		select sent_at as sentAt, coalesce(last_audit_id, 0) as lastAuditId from notifications
		where user_id = ${userId} and kind = 'notice' order by id desc limit 1`);
}

export const latestAuditId = (db: Db) =>
	db.get<{ id: number }>(sql`select coalesce(max(id), 0) as id from audit_log`)?.id ?? 0;

export function digestSent(db: Db, userId: number, period: string): boolean {
	return Boolean(
		db.get(
			sql`select 1 from notifications where user_id = ${userId} and kind = 'digest' and period = ${period}`
		)
	);
}
