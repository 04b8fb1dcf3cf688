import type { Shown } from './disclosure';
import { codeTable } from './codes';
/** OPAH-RU landlord subsidy rules, as data: the simulator applies them, it does not know any figure. */
export type WorksType = 'lourds' | 'securite' | 'degrade' | 'energie';
export type RentType = 'LI' | 'LCS';

export interface SubsidyRule {
	worksType: WorksType;
	label: string;
	ceilingCentsPerM2: number;
	maxSurfaceM2: number;
	anahRate: number;
	aseBonusCents: number | null;
	grandCahorsHighRate: number | null;
	grandCahorsLowRate: number | null;
	regionEcoChequeCents: number | null;
	departementCents: number | null;
	conditions: string;
}

export interface RentCeiling {
	surfaceM2: number;
	liMonthlyCents: number;
	liPerM2Cents: number;
	lcsMonthlyCents: number;
	lcsPerM2Cents: number;
}

export interface IncomeCeiling {
	household: string;
	liCents: number;
	lcsCents: number;
	lctsCents: number;
}

export interface OpahRules {
	label: string;
	disclaimer: string;
	subsidyRules: SubsidyRule[];
	rentCeilings: RentCeiling[];
	incomeCeilings: IncomeCeiling[];
	commitments: string[];
}

export interface SimulationInput {
	surface: number;
	works: WorksType;
	cost: number;
	gain35: boolean;
	renforce: boolean;
	vacant: boolean;
	fusion: boolean;
	rent: RentType;
	adults: 1 | 2;
	dependants: number;
}

export interface SubsidyLine {
	funder: string;
	amountCents: number | null;
	rule: string;
	conditional: boolean;
}

export interface SimulationResult {
	rules: string;
	subsidies: SubsidyLine[];
	totalCents: number;
	remainingCents: number;
	baseCents: number;
	rent: { monthlyMaxCents: number; perM2Cents: number; surfaceUsed: number } | null;
	rentNote: string | null;
	incomeCeilingCents: number;
	/** for a social rent: the ceiling if the rent is very social (LCTS), the notice's third column */
	veryLowIncomeCeilingCents: number | null;
	commitments: string[];
	disclaimer: string;
}

const eur = (cents: number) =>
	new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(cents / 100) + ' €';
const pct = (rate: number) => `${new Intl.NumberFormat('fr-FR').format(rate * 100)} %`;

/** Maximum subsidies, rent and income ceilings for a landlord's project, each with the rule that produced it. */
export function simulate(rules: OpahRules, input: SimulationInput): SimulationResult {
	const rule = rules.subsidyRules.find((r) => r.worksType === input.works);
	if (!rule) throw new Error(`Type de travaux inconnu : ${input.works}`);
	const costCents = Math.round(input.cost * 100);
	const cappedSurface = Math.min(input.surface, rule.maxSurfaceM2);
	const ceilingCents = Math.round(rule.ceilingCentsPerM2 * cappedSurface);
	const baseCents = Math.min(costCents, ceilingCents);
	const baseText = `base subventionnable ${eur(baseCents)} = montant HT des travaux plafonné à ${eur(rule.ceilingCentsPerM2)}/m² × ${new Intl.NumberFormat('fr-FR').format(cappedSurface)} m²${input.surface > rule.maxSurfaceM2 ? ` (surface limitée à ${rule.maxSurfaceM2} m²)` : ''}`;

	const subsidies: SubsidyLine[] = [
		{
			funder: 'Anah',
			amountCents: Math.round(baseCents * rule.anahRate),
			rule: `${pct(rule.anahRate)} de la ${baseText} (taux maximum)`,
			conditional: false
		}
	];
	if (rule.aseBonusCents !== null) {
		subsidies.push(
			input.gain35
				? {
						funder: 'Anah – prime ASE',
						amountCents: rule.aseBonusCents,
						rule: `Prime de ${eur(rule.aseBonusCents)} pour un gain énergétique d'au moins 35 %`,
						conditional: false
					}
				: {
						funder: 'Anah – prime ASE',
						amountCents: 0,
						rule: 'Non applicable : le gain énergétique doit atteindre au moins 35 %',
						conditional: false
					}
		);
	}
	if (rule.grandCahorsHighRate !== null) {
		const low = rule.grandCahorsLowRate !== null ? ` ou ${pct(rule.grandCahorsLowRate)}` : '';
		subsidies.push(
			input.renforce
				? {
						funder: 'Grand Cahors',
						amountCents: Math.round(baseCents * rule.grandCahorsHighRate),
						rule: `${pct(rule.grandCahorsHighRate)}${low} de la base subventionnable selon conditions, périmètre renforcé uniquement (montant maximal à ${pct(rule.grandCahorsHighRate)})`,
						conditional: true
					}
				: {
						funder: 'Grand Cahors',
						amountCents: 0,
						rule: 'Non applicable : réservée au périmètre renforcé',
						conditional: false
					}
		);
	}
	subsidies.push(
		rule.regionEcoChequeCents !== null
			? {
					funder: 'Région Occitanie – éco-chèque',
					amountCents: rule.regionEcoChequeCents,
					rule: `Éco-chèque de ${eur(rule.regionEcoChequeCents)}, selon conditions`,
					conditional: true
				}
			: {
					funder: 'Région Occitanie – éco-chèque',
					amountCents: null,
					rule: 'Montant non précisé par la notice pour ce type de travaux',
					conditional: true
				}
	);
	subsidies.push(
		rule.departementCents !== null
			? {
					funder: 'Département du Lot',
					amountCents: rule.departementCents,
					rule: `${eur(rule.departementCents)}, selon conditions`,
					conditional: true
				}
			: {
					funder: 'Département du Lot',
					amountCents: null,
					rule: 'Montant non précisé par la notice pour ce type de travaux',
					conditional: true
				}
	);
	if (input.vacant)
		subsidies.push({
			funder: 'Ville de Cahors – prime sortie de vacance',
			amountCents: null,
			rule: input.renforce
				? 'Prime pour un logement vacant depuis plus de 2 ans, dans le périmètre renforcé : montant non précisé'
				: 'Non applicable hors du périmètre renforcé',
			conditional: input.renforce
		});
	if (input.fusion)
		subsidies.push({
			funder: 'Ville de Cahors – prime fusion de logements',
			amountCents: null,
			rule: input.renforce
				? 'Prime pour la fusion de 2 petits logements, dans le périmètre renforcé : montant non précisé'
				: 'Non applicable hors du périmètre renforcé',
			conditional: input.renforce
		});

	const totalCents = subsidies.reduce((s, l) => s + (l.amountCents ?? 0), 0);
	const row = rules.rentCeilings.find((r) => r.surfaceM2 === Math.floor(input.surface));
	const rent = row
		? {
				monthlyMaxCents: input.rent === 'LI' ? row.liMonthlyCents : row.lcsMonthlyCents,
				perM2Cents: input.rent === 'LI' ? row.liPerM2Cents : row.lcsPerM2Cents,
				surfaceUsed: row.surfaceM2
			}
		: null;
	const surfaces = rules.rentCeilings.map((r) => r.surfaceM2);
	const rentNote = row
		? Math.floor(input.surface) !== input.surface
			? `Plafond lu pour ${row.surfaceM2} m² (la notice donne les surfaces au m² entier).`
			: null
		: `La notice ne donne pas de plafond de loyer pour ${new Intl.NumberFormat('fr-FR').format(input.surface)} m² (tableau de ${Math.min(...surfaces)} à ${Math.max(...surfaces)} m²).`;
	return {
		rules: rules.label,
		subsidies,
		totalCents,
		remainingCents: Math.max(0, costCents - totalCents),
		baseCents,
		rent,
		rentNote,
		incomeCeilingCents: incomeCeiling(rules, input.rent, input.adults, input.dependants),
		// The notice's third column: the ceiling for a very social rent (LCTS), for a social one.
		veryLowIncomeCeilingCents:
			input.rent === 'LCS' ? incomeCeiling(rules, 'LCTS', input.adults, input.dependants) : null,
		commitments: rules.commitments,
		disclaimer: rules.disclaimer
	};
}

/** Tenant income ceiling: by household up to 4 dependants, then the per-person increase. */
export function incomeCeiling(
	rules: OpahRules,
	rent: RentType | 'LCTS',
	adults: 1 | 2,
	dependants: number
): number {
	const column = (h: string) => {
		const row = rules.incomeCeilings.find((r) => r.household === h);
		if (!row) throw new Error(`Plafond de ressources manquant : ${h}`);
		return rent === 'LI' ? row.liCents : rent === 'LCS' ? row.lcsCents : row.lctsCents;
	};
	if (dependants === 0) return column(adults === 1 ? 'single' : 'couple');
	const base = column(`dependants_${Math.min(dependants, 4)}`);
	return base + Math.max(0, dependants - 4) * column('per_extra_dependant');
}

export const WORKS_LABELS: Readonly<Record<WorksType, string>> = codeTable({
	lourds: 'Travaux lourds (logement indigne ou très dégradé)',
	securite: 'Travaux d’amélioration pour la sécurité et la salubrité',
	degrade: 'Travaux d’amélioration d’un logement dégradé',
	energie: 'Travaux de lutte contre la précarité énergétique des locataires'
});

/** The OPAH-RU goal's progress as published (see `opahProgress`). */
export interface OpahProgress {
	dwellings: Shown<number>;
	applications: Shown<number>;
	target: number | null;
	/** the target's period end ("2020") and what the document says of it, when it says anything */
	targetYear?: string | null;
	targetNote?: string | null;
	/** whether the statistical secrecy rule was applied */
	masked: boolean;
}
