import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { allowed } from '../auth/guard';
import { historyOf } from '../audit/queries';
import type { EditContext } from './form-actions';

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
		canEditFunding: allowed(locals, 'edit', { ...subject, kind: 'funding_line' }),
		canAddNote: allowed(locals, 'edit', { ...subject, kind: 'note' }),
		canAddDecision:
			ctx.kind === 'action' && allowed(locals, 'edit', { ...subject, kind: 'decision' }),
		canReadInternal,
		organisations: canEdit
			? db.all<{ slug: string; name: string }>(
					sql`select slug, name from organisations order by name collate nocase`
				)
			: [],
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
