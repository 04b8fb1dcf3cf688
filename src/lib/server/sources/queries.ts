import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { ORGANISATION_ROLE, label as labelOf } from '../../domain/labels';

/** A figure or statement of the app and where it is shown. */
export interface SourcedItem {
	citationId: number;
	what: string;
	label: string;
	href: string | null;
	quote: string;
	/** a reference figure's value and unit */
	value: number | null;
	unit: string | null;
}

export interface SourceDocument {
	id: number;
	key: string;
	title: string;
	publisher: string | null;
	publishedOn: string | null;
	url: string | null;
	items: SourcedItem[];
}

const actionHref = sql.raw(
	`(select '/programmes/' || p.slug || '/actions/' || a.code from action_items a join programmes p on p.id = a.programme_id where a.id = x.action_id)`
);
const operationHref = sql.raw(
	`(select '/operations/' || o.slug from operations o where o.id = x.operation_id)`
);

/**
 * Every document the app draws on, each with every record that cites it (what it is, its label, the
 * page that shows it, the quote). One query per kind of record, all through the citations table.
 */
export function sourceDocuments(db: Db): SourceDocument[] {
	const items = db.all<SourcedItem & { documentId: number }>(sql`
		select c.id as citationId, c.document_id as documentId, c.quote, i.what, i.label, i.href, i.value, i.unit from citations c
		join (
			select citation_id as cid, 'Programme' as what, name as label, '/programmes/' || slug as href, null as value, null as unit from programmes
			union all select x.citation_id, 'Rôle d’un partenaire', o.short_name, '/organisations/' || o.slug, null, x.role
				from programme_organisations x join organisations o on o.id = x.organisation_id
			union all select x.citation_id, 'Axe', x.code || ' – ' || x.title, '/programmes/' || p.slug, null, null
				from axes x join programmes p on p.id = x.programme_id
			union all select x.status_citation_id, 'État d’une action', x.title, '/programmes/' || p.slug || '/actions/' || x.code, null, null
				from action_items x join programmes p on p.id = x.programme_id
			union all select x.citation_id, 'Action', x.title, '/programmes/' || p.slug || '/actions/' || x.code, null, null
				from action_items x join programmes p on p.id = x.programme_id
			union all select x.citation_id, 'Première réalisation', x.text, ${actionHref}, null, null from achievements x
			union all select x.citation_id, 'Lien entre programmes', coalesce(x.note, x.kind), null, null, null from links x
			union all select x.citation_id, 'Financement', x.label, coalesce(${actionHref}, ${operationHref}), null, null from funding_lines x
			union all select x.citation_id, 'Enveloppe', x.label, '/programmes/' || p.slug, null, null
				from envelopes x join programmes p on p.id = x.programme_id
			union all select x.target_citation_id, 'Objectif d’indicateur', x.label, coalesce(${actionHref}, ${operationHref}, (select '/programmes/' || slug from programmes where id = x.programme_id)), null, null from indicators x
			union all select x.citation_id, 'Valeur d’indicateur', i.label, (select coalesce(
					(select '/programmes/' || p.slug || '/actions/' || a.code from action_items a join programmes p on p.id = a.programme_id where a.id = i.action_id),
					(select '/operations/' || o.slug from operations o where o.id = i.operation_id),
					(select '/programmes/' || slug from programmes where id = i.programme_id))), x.value, i.unit
				from indicator_values x join indicators i on i.id = x.indicator_id
			union all select x.citation_id, 'Chiffre de référence', x.label, case
					when x.topic like 'programme:%' then '/programmes/' || substr(x.topic, 11)
					when x.topic = 'relogement-contexte' or x.topic = 'relogement' then (select '/operations/' || o.slug || '#relogement'
						from operations o where exists (select 1 from relocation_cases r where r.operation_id = o.id) order by o.id limit 1)
				end, x.value, x.unit from reference_figures x
			union all select x.citation_id, 'Barème OPAH-RU', x.label, '/opah-ru/simulateur', null, null from opah_rule_sets x
			union all select x.operator_citation_id, 'Contact de l’opérateur OPAH-RU', x.label, '/opah-ru/simulateur', null, null from opah_rule_sets x
			union all select x.citation_id, 'Règle OPAH-RU', x.label, '/opah-ru/simulateur', null, null from opah_subsidy_rules x
			union all select x.status_citation_id, 'État d’une opération', x.name, '/operations/' || x.slug, null, null from operations x
			union all select x.total_cost_citation_id, 'Coût d’une opération', x.name, '/operations/' || x.slug, null, null from operations x
			union all select x.citation_id, 'Jalon', x.title, coalesce(${actionHref}, ${operationHref}), null, null from milestones x
			union all select x.citation_id, 'Travaux', x.label, ${operationHref}, null, null from work_items x
			union all select x.citation_id, 'Lieu', x.name, '/carte?lieu=' || x.slug, null, null from places x
		) i on i.cid = c.id
		order by c.document_id, i.what, i.label`);
	const docs = db.all<Omit<SourceDocument, 'items'>>(sql`
		select id, key, title, publisher, published_on as publishedOn, url from documents order by id`);
	// A partner's role comes as its code (in `unit`): shown in French, never as "funder".
	const shown = items.map((i) =>
		i.what === 'Rôle d’un partenaire'
			? { ...i, label: `${i.label} : ${labelOf(ORGANISATION_ROLE, i.unit ?? '')}`, unit: null }
			: i
	);
	return docs.map((d) => ({
		...d,
		items: shown.filter((i) => i.documentId === d.id).map(({ documentId: _, ...i }) => i)
	}));
}
