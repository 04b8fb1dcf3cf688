import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { fieldLabel } from '../../domain/changes';
import { sortFrench } from '../../domain/collation';

export type ListName = 'actions' | 'jalons' | 'financements' | 'indicateurs';
export const LISTS: ListName[] = ['actions', 'jalons', 'financements', 'indicateurs'];

export interface Column {
	key: string;
	header: string;
	/** shown in exports (provenance), ignored by the import */
	exportOnly?: boolean;
}

/** The document and quote behind a citation id, as one cell. */
const sourceOf = (citationId: string) =>
	sql.raw(
		`(select d.title || ' : « ' || c.quote || ' »' from citations c join documents d on d.id = c.document_id where c.id = ${citationId}) as source`
	);

/** The two provenance columns every list ends with. */
const PROVENANCE = ['source:Source', 'deduit:Déduit (valeurs non lues dans un document)'];

/** "non", or "oui : État, Avancement" from a JSON list of inferred field names. */
function inferredCell(v: unknown): string {
	let fields: string[];
	try {
		fields = typeof v === 'string' ? (JSON.parse(v) as string[]) : [];
	} catch {
		fields = [];
	}
	return fields.length ? `oui : ${fields.map(fieldLabel).join(', ')}` : 'non';
}

export interface Table {
	name: string;
	columns: Column[];
	rows: Record<string, string | number | null>[];
}

const where = (programme?: string) => (programme ? sql`p.slug = ${programme}` : sql`1 = 1`);

/**
 * The exported lists. Their columns are also the import's: an exported file imports back unchanged.
 * Money is in euros with cents (a number), dates are ISO.
 */
export function exportList(db: Db, list: ListName, programme?: string): Table {
	switch (list) {
		case 'actions':
			return {
				name: 'Actions',
				columns: cols(
					'programme:Programme',
					'code:Code',
					'axe:Axe',
					'titre:Titre',
					'etat:État',
					'avancement:Avancement (%)',
					'pilote:Pilote',
					'description:Description',
					'version:Version',
					...PROVENANCE
				),
				rows: withInferred(
					db.all(sql`
					select p.slug as programme, a.code as code, ax.code as axe, a.title as titre, a.status as etat, a.progress as avancement,
						o.slug as pilote, a.description as description, a.version as version,
						${sourceOf('coalesce(a.status_citation_id, a.citation_id)')}, a.inferred_fields as deduit
					from action_items a join programmes p on p.id = a.programme_id left join axes ax on ax.id = a.axis_id
					left join organisations o on o.id = a.lead_organisation_id where ${where(programme)} order by p.position, a.position`)
				)
			};
		case 'jalons':
			return {
				name: 'Jalons',
				columns: cols(
					'programme:Programme',
					'rattachement:Rattachement',
					'titre:Jalon',
					'date_prevue:Date prévue',
					'precision:Précision',
					'date_initiale:Date initiale',
					'etat:État',
					'date_realisation:Date de réalisation',
					'motif_report:Motif du report',
					'version:Version',
					...PROVENANCE
				),
				rows: withInferred(
					db.all(sql`
					select p.slug as programme, coalesce('operation:' || o.slug, 'action:' || a.code) as rattachement, m.title as titre,
						m.planned_date as date_prevue, m.planned_precision as precision, m.baseline_date as date_initiale, m.status as etat,
						m.actual_date as date_realisation, m.slip_reason as motif_report, m.version as version,
						${sourceOf('m.citation_id')}, '[]' as deduit
					from milestones m left join action_items a on a.id = m.action_id left join operations o on o.id = m.operation_id
					join programmes p on p.id = coalesce(a.programme_id, o.programme_id) where ${where(programme)} order by p.position, m.planned_date, m.id`)
				)
			};
		case 'financements':
			return {
				name: 'Financements',
				columns: cols(
					'programme:Programme',
					'rattachement:Rattachement',
					'financeur:Financeur',
					'libelle:Libellé',
					'nature:Nature',
					'montant:Montant (€)',
					'ht_ttc:HT/TTC',
					'etat:État',
					'engage_le:Engagé le',
					'verse:Versé (€)',
					'verse_le:Versé le',
					'version:Version',
					...PROVENANCE
				),
				rows: withInferred(
					db.all(sql`
					select p.slug as programme, coalesce('operation:' || o.slug, 'action:' || a.code) as rattachement, org.slug as financeur,
						fl.label as libelle, fl.kind as nature, fl.amount_cents / 100.0 as montant, fl.tax as ht_ttc, fl.status as etat,
						fl.committed_on as engage_le, fl.paid_cents / 100.0 as verse, fl.paid_on as verse_le, fl.version as version,
						${sourceOf('fl.citation_id')}, fl.inferred_fields as deduit
					from funding_lines fl left join action_items a on a.id = fl.action_id left join operations o on o.id = fl.operation_id
					left join organisations org on org.id = fl.organisation_id
					join programmes p on p.id = coalesce(a.programme_id, o.programme_id) where ${where(programme)} order by p.position, fl.operation_id, fl.action_id, fl.position`)
				)
			};
		case 'indicateurs':
			return {
				name: 'Indicateurs',
				columns: cols(
					'programme:Programme',
					'indicateur:Indicateur',
					'libelle:Libellé',
					'unite:Unité',
					'cible:Cible',
					'valeur:Valeur',
					'sur:Sur',
					'date:Date de mesure',
					...PROVENANCE
				),
				rows: withInferred(
					db.all(sql`
					select p.slug as programme, i.slug as indicateur, i.label as libelle, i.unit as unite, i.target as cible,
						v.value as valeur, v.of_total as sur, v.measured_on as date,
						${sourceOf('coalesce(v.citation_id, i.target_citation_id)')}, '[]' as deduit
					from indicators i join programmes p on p.id = i.programme_id left join indicator_values v on v.indicator_id = i.id
					where ${where(programme)} order by p.position, i.position, v.measured_on`)
				)
			};
	}
}

function cols(...specs: string[]): Column[] {
	return specs.map((s) => {
		const [key, header] = [s.slice(0, s.indexOf(':')), s.slice(s.indexOf(':') + 1)];
		return { key, header, ...(key === 'source' || key === 'deduit' ? { exportOnly: true } : {}) };
	});
}

type Row = Record<string, string | number | null>;
const withInferred = (rows: Row[]): Row[] =>
	rows.map((r) => ({ ...r, deduit: inferredCell(r.deduit) }));

/** The whole territory: every list plus programmes and organisations. */
export function territoryTables(db: Db): Table[] {
	return [
		{
			name: 'Programmes',
			columns: cols(
				'slug:Identifiant',
				'nom:Nom',
				'type:Type',
				'debut:Début',
				'fin:Fin',
				'signature:Signature'
			),
			rows: db.all(
				sql`select slug, name as nom, kind as type, start_date as debut, end_date as fin, signed_on as signature from programmes order by position`
			)
		},
		{
			name: 'Organisations',
			columns: cols('slug:Identifiant', 'nom:Nom', 'type:Type', 'siret:SIRET'),
			rows: sortFrench(
				db.all<Record<string, string | number | null>>(
					sql`select slug, name as nom, type, siret from organisations`
				),
				(o) => String(o.nom)
			)
		},
		...LISTS.map((l) => exportList(db, l))
	];
}
