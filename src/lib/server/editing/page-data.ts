import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { allowed } from '../auth/guard';
import { historyOf } from '../audit/queries';
import type { EditContext } from './form-actions';
import { sortFrench } from '../../domain/collation';

/**
 * The organisations an editor may pick as a lead or a funder: those of the programme (partners,
 * leads, funders) and every funder of any programme. A national database holds thousands of towns;
 * each select of the page would otherwise carry all of them.
 */
export function organisationChoices(db: Db, programmeId: number | null) {
	const p = programmeId ?? -1;
	const rows = db.all<{ slug: string; name: string }>(sql`
		select o.slug, o.name from organisations o
		where exists (select 1 from funding_lines fl where fl.organisation_id = o.id)
			or o.id in (
				select organisation_id from programme_organisations where programme_id = ${p}
				union select lead_organisation_id from action_items where programme_id = ${p}
				union select lead_organisation_id from operations where programme_id = ${p})
		order by o.name collate nocase`);
	return sortFrench(rows, (o) => o.name);
}

/**
 * Why a signed-in reader cannot edit this record, in words, with who can (null when they can, or
 * when nobody signed in: the page offers to sign in instead).
 */
export function editRefusal(db: Db, locals: App.Locals, ctx: EditContext): string | null {
	const user = locals.user;
	if (!user) return null;
	const names = db.get<{ programme: string | null; lead: string | null }>(sql`
		select (select name from programmes where id = ${ctx.programmeId ?? -1}) as programme,
			(select name from organisations where id = ${ctx.leadOrganisationId ?? -1}) as lead`);
	const programme = names?.programme ? `« ${names.programme} »` : 'de ce programme';
	const lead =
		ctx.kind === 'operation' && names?.lead
			? ` ou le compte de ${names.lead}, qui porte cette opération`
			: '';
	const who = `Seuls les chefs de projet rattachés au programme ${programme}${lead} peuvent la modifier.`;
	switch (user.role) {
		case 'chef_de_projet':
			return `Votre compte n’est pas rattaché au programme ${programme}. ${who} Un administrateur peut vous y rattacher (page Utilisateurs).`;
		case 'partenaire':
			return `${who} Les engagements de votre organisation se vérifient et se confirment dans le portail financeurs.`;
		case 'elu':
			return `Les élus consultent cette fiche. ${who}`;
		case 'charge_relogement':
			return `Votre rôle suit le relogement des ménages. ${who}`;
		default:
			return null;
	}
}

/** What the action and operation pages need to offer editing: rights, notes, history, choices. */
export function editData(db: Db, locals: App.Locals, ctx: EditContext) {
	const subject = {
		kind: ctx.kind,
		programmeId: ctx.programmeId,
		leadOrganisationId: ctx.kind === 'operation' ? ctx.leadOrganisationId : null
	} as const;
	const canEdit = allowed(locals, 'edit', subject);
	const canReadInternal = allowed(locals, 'read_internal', subject);
	const ids = ctx.kind === 'action' ? [ctx.id] : ctx.family;
	const list = sql.join(
		ids.map((i) => sql`${i}`),
		sql`, `
	);
	return {
		canEdit,
		refusal: canEdit ? null : editRefusal(db, locals, ctx),
		canEditFunding: allowed(locals, 'edit', { ...subject, kind: 'funding_line' }),
		canAddNote: allowed(locals, 'edit', { ...subject, kind: 'note' }),
		canAddDecision:
			ctx.kind === 'action' && allowed(locals, 'edit', { ...subject, kind: 'decision' }),
		canReadInternal,
		organisations: canEdit ? organisationChoices(db, ctx.programmeId) : [],
		notes: canReadInternal
			? db.all<{ id: number; text: string; createdAt: string; author: string | null }>(sql`
				select n.id, n.text, n.created_at as createdAt, u.name as author from notes n left join users u on u.id = n.author_id
				where n.entity_type = ${ctx.kind} and n.entity_id in (${list}) order by n.id desc`)
			: [],
		history: canReadInternal ? historyOf(db, ctx.kind, ids) : []
	};
}

/** Point places of the page's record that an editor may move. */
export function movablePlaces(
	places: { id: number; name: string; geometry: string; version?: number }[],
	db: Db
) {
	const rows = places.filter((p) => (JSON.parse(p.geometry) as { type: string }).type === 'Point');
	if (!rows.length) return [];
	const versions = new Map(
		db
			.all<{ id: number; version: number }>(
				sql`select id, version from places where id in ${rows.map((r) => r.id)}`
			)
			.map((r) => [r.id, r.version])
	);
	return rows.map((p) => {
		const [lon, lat] = (JSON.parse(p.geometry) as { coordinates: [number, number] }).coordinates;
		return { id: p.id, name: p.name, version: versions.get(p.id) ?? 1, lon, lat };
	});
}
