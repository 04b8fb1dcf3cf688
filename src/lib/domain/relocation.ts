import { codeTable } from './codes';
import { maskCount, maskDerived, maskPartition, type Shown } from './disclosure';
/** Relocation follow-up: statuses, durations and the small-count rule, all pure. */
export const SOLUTION_TYPES: Readonly<Record<string, string>> = codeTable({
	temporaire_retour: 'Relogement temporaire avec retour',
	definitif_sur_site: 'Relogement définitif sur site',
	definitif_ailleurs: 'Relogement définitif ailleurs',
	tiroir: 'Opération tiroir'
});

/** Organisations that can rehouse a household: social landlords and the local authorities. */
export const RELOCATION_LANDLORD_TYPES = ['social_landlord', 'commune', 'epci'] as const;

export type CaseStatus = 'a_reloger' | 'suivi' | 'reloge' | 'retourne';

export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = codeTable({
	a_reloger: 'À reloger',
	suivi: 'Suivi (diagnostic fait)',
	reloge: 'Relogé',
	retourne: 'Retourné dans son logement'
});

export interface CaseDates {
	diagnosisOn: string | null;
	movedOn: string | null;
	returnedOn: string | null;
}

export function caseStatus(c: CaseDates): CaseStatus {
	if (c.returnedOn) return 'retourne';
	if (c.movedOn) return 'reloge';
	if (c.diagnosisOn) return 'suivi';
	return 'a_reloger';
}

const DAY = 86_400_000;
export const daysBetween = (from: string, to: string) =>
	Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

export interface RelocationStats {
	total: number;
	byStatus: Record<CaseStatus, number>;
	/** households that have moved (the basis of the durations) */
	moved: number;
	meanDaysToMove: number | null;
	longestDaysToMove: number | null;
	waitingOverThreshold: number;
	meanProposals: number | null;
}

/** What may leave the server: the same figures, each either shown or masked. */
export interface PublishedRelocationStats {
	total: Shown<number>;
	byStatus: Record<CaseStatus, Shown<number>>;
	meanDaysToMove: Shown<number | null>;
	longestDaysToMove: Shown<number | null>;
	waitingOverThreshold: Shown<number>;
	meanProposals: Shown<number | null>;
	/** whether the secrecy rule was applied (false for the relocation team's own page) */
	masked: boolean;
	/** false where the breakdown by situation is published at the territory's level only */
	breakdown?: boolean;
}

/**
 * The figures as published: for everyone but the relocation team, small counts and what derives
 * from them are masked, with complementary suppression over the statuses.
 */
export function publishRelocationStats(
	s: RelocationStats,
	options: { mask: boolean }
): PublishedRelocationStats {
	const { moved: _, ...exact } = s;
	if (!options.mask) return { ...exact, masked: false };
	const { total, parts } = maskPartition(s.total, s.byStatus);
	return {
		total,
		byStatus: parts,
		meanDaysToMove: maskDerived(s.meanDaysToMove, s.moved),
		longestDaysToMove: maskDerived(s.longestDaysToMove, s.moved),
		waitingOverThreshold: maskCount(s.waitingOverThreshold),
		meanProposals: maskDerived(s.meanProposals, s.total),
		masked: true
	};
}

/** Aggregates over cases: durations from diagnosis to move, and cases waiting longer than the threshold. */
export function relocationStats(
	cases: (CaseDates & { proposalsMade: number })[],
	today: string,
	thresholdDays: number
): RelocationStats {
	const byStatus: Record<CaseStatus, number> = { a_reloger: 0, suivi: 0, reloge: 0, retourne: 0 };
	for (const c of cases) byStatus[caseStatus(c)]++;
	const moves = cases
		.filter((c) => c.diagnosisOn && c.movedOn)
		.map((c) => daysBetween(c.diagnosisOn!, c.movedOn!));
	const waiting = cases.filter(
		(c) => c.diagnosisOn && !c.movedOn && daysBetween(c.diagnosisOn, today) > thresholdDays
	).length;
	return {
		total: cases.length,
		byStatus,
		moved: moves.length,
		meanDaysToMove: moves.length
			? Math.round(moves.reduce((s, d) => s + d, 0) / moves.length)
			: null,
		longestDaysToMove: moves.length ? Math.max(...moves) : null,
		waitingOverThreshold: waiting,
		meanProposals: cases.length
			? Math.round((10 * cases.reduce((s, c) => s + c.proposalsMade, 0)) / cases.length) / 10
			: null
	};
}
