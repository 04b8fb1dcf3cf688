import { sql } from 'drizzle-orm';
import type { Db } from '../db';

export interface DecisionView {
	id: number;
	decidedOn: string;
	body: string;
	text: string;
	programme: string | null;
	actions: { label: string; href: string }[];
	/** where to read it: its first action's page, else the decisions of its programme's dashboard */
	href: string;
}

/** Decisions, newest first, each with the actions it concerns; optionally only those about one action or programme. */
export function listDecisions(
	db: Db,
	filter: { actionId?: number; programme?: string; programmeIds?: number[]; since?: string } = {}
): DecisionView[] {
	const w = [sql`1 = 1`];
	if (filter.actionId)
		w.push(
			sql`d.id in (select decision_id from decision_actions where action_id = ${filter.actionId})`
		);
	if (filter.programme) w.push(sql`p.slug = ${filter.programme}`);
	if (filter.programmeIds)
		w.push(filter.programmeIds.length ? sql`d.programme_id in ${filter.programmeIds}` : sql`0 = 1`);
	if (filter.since) w.push(sql`d.decided_on >= ${filter.since}`);
	const rows = db.all<
		Omit<DecisionView, 'actions' | 'href'> & { programmeSlug: string | null }
	>(sql`
		select d.id, d.decided_on as decidedOn, d.body, d.text, p.short_name as programme,
			p.slug as programmeSlug
		from decisions d left join programmes p on p.id = d.programme_id
		where ${sql.join(w, sql` and `)} order by d.decided_on desc, d.id desc`);
	if (!rows.length) return [];
	const links = db.all<{ decisionId: number; label: string; href: string }>(sql`
		select da.decision_id as decisionId,
			case when a.number is not null then 'Action ' || a.code || ' – ' else '' end || a.title as label,
			'/programmes/' || p.slug || '/actions/' || a.code as href
		from decision_actions da join action_items a on a.id = da.action_id join programmes p on p.id = a.programme_id
		where da.decision_id in ${rows.map((r) => r.id)}`);
	return rows.map(({ programmeSlug, ...r }) => {
		const actions = links.filter((l) => l.decisionId === r.id);
		const board = programmeSlug
			? `/?programme=${encodeURIComponent(programmeSlug)}#decisions`
			: '/#decisions';
		return { ...r, actions, href: actions[0]?.href ?? board };
	});
}
