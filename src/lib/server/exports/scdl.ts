import { sql } from 'drizzle-orm';
import { writeObjectsCsv } from '../csv';
import type { Db } from '../db';

/** SCDL "subventions" v2.1 columns, in the schema's order (schema.data.gouv.fr/scdl/subventions). */
export const SCDL_COLUMNS = [
	'nomAttribuant',
	'idAttribuant',
	'dateConvention',
	'referenceDecision',
	'nomBeneficiaire',
	'idBeneficiaire',
	'rnaBeneficiaire',
	'objet',
	'montant',
	'nature',
	'conditionsVersement',
	'datesPeriodeVersement',
	'idRAE',
	'notificationUE',
	'pourcentageSubvention',
	'dispositifAide'
] as const;

export type ScdlRow = Record<(typeof SCDL_COLUMNS)[number], string>;

/**
 * Subsidies the territory's own bodies (the EPCI and its communes) awarded: committed or paid subsidy
 * lines. A line is exported only when the schema's required fields are known (the award date, the
 * beneficiary, the awarding body's SIRET); the others are counted, never filled in with guesses.
 */
export function scdlSubsidies(db: Db): {
	rows: ScdlRow[];
	skipped: { label: string; missing: string[] }[];
} {
	const lines = db.all<{
		label: string;
		amountCents: number;
		paidCents: number;
		committedOn: string | null;
		paidOn: string | null;
		attribuant: string;
		siret: string | null;
		beneficiary: string | null;
		beneficiarySiret: string | null;
		objet: string;
		total: number | null;
		programme: string;
	}>(sql`
		select fl.label, fl.amount_cents as amountCents, fl.paid_cents as paidCents, fl.committed_on as committedOn, fl.paid_on as paidOn,
			org.name as attribuant, org.siret as siret, lead.name as beneficiary, lead.siret as beneficiarySiret,
			coalesce(o.name, a.title) as objet, o.total_cost_cents as total, p.name as programme
		from funding_lines fl join organisations org on org.id = fl.organisation_id
		left join action_items a on a.id = fl.action_id left join operations o on o.id = fl.operation_id
		join programmes p on p.id = coalesce(a.programme_id, o.programme_id)
		left join organisations lead on lead.id = coalesce(o.lead_organisation_id, a.lead_organisation_id)
		where fl.kind = 'subsidy' and fl.status in ('committed', 'paid') and org.type in ('epci', 'commune')
		order by fl.committed_on, fl.id`);
	const rows: ScdlRow[] = [];
	const skipped: { label: string; missing: string[] }[] = [];
	for (const l of lines) {
		const missing = [
			!l.siret && 'SIRET de l’attribuant',
			!l.committedOn && 'date de convention',
			!l.beneficiary && 'bénéficiaire'
		].filter(Boolean) as string[];
		if (missing.length) {
			skipped.push({ label: l.label, missing });
			continue;
		}
		rows.push({
			nomAttribuant: l.attribuant,
			idAttribuant: l.siret!,
			dateConvention: l.committedOn!,
			referenceDecision: '',
			nomBeneficiaire: l.beneficiary!,
			idBeneficiaire: l.beneficiarySiret ?? '',
			rnaBeneficiaire: '',
			objet: `${l.objet} (${l.programme})`,
			montant: (l.amountCents / 100).toFixed(2),
			nature: 'aide en numéraire',
			conditionsVersement: l.paidCents > 0 && l.paidCents < l.amountCents ? 'Echelonné' : 'Unique',
			datesPeriodeVersement: l.paidOn ?? l.committedOn!,
			idRAE: '',
			notificationUE: 'non',
			pourcentageSubvention: l.total ? Math.min(1, l.amountCents / l.total).toFixed(4) : '1',
			dispositifAide: ''
		});
	}
	return { rows, skipped };
}

/** The schema's CSV: comma separator, UTF-8, header row with the exact property names. */
export function scdlCsv(rows: ScdlRow[]): string {
	return writeObjectsCsv([...SCDL_COLUMNS], rows, 'open');
}
