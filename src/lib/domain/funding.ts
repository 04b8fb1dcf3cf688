import { countOf } from './numbers';
export interface FundingLineLike {
	label: string;
	kind: string;
	amountCents: number;
	tax: string;
	status: string;
	organisationId: number | null;
	funderName?: string | null;
	paidCents?: number;
	plannedOn?: string | null;
	requestedOn?: string | null;
	committedOn?: string | null;
	paidOn?: string | null;
}

export interface PlanCheck {
	sumCents: number;
	totalCents: number | null;
	/** total − sum: positive means unfunded, negative means over-funded */
	gapCents: number | null;
	balanced: boolean | null;
	byKind: { kind: string; amountCents: number; share: number }[];
	byFunder: { funder: string; amountCents: number; share: number }[];
	warnings: string[];
}

/** Checks a funding plan against its total cost: the sum, the gap, shares, and what to fix. */
export function checkFundingPlan(
	lines: FundingLineLike[],
	total: { cents: number | null; tax: string | null }
): PlanCheck {
	const sumCents = lines.reduce((s, l) => s + l.amountCents, 0);
	const share = (c: number) => (sumCents === 0 ? 0 : c / sumCents);
	const group = (key: (l: FundingLineLike) => string) => {
		const m = new Map<string, number>();
		for (const l of lines) m.set(key(l), (m.get(key(l)) ?? 0) + l.amountCents);
		return [...m].map(([k, v]) => ({ k, v })).sort((a, b) => b.v - a.v);
	};
	const warnings: string[] = [];
	const gapCents = total.cents === null ? null : total.cents - sumCents;
	if (gapCents !== null && gapCents > 0)
		warnings.push('Le plan de financement ne couvre pas le coût total.');
	if (gapCents !== null && gapCents < 0)
		warnings.push('Le plan de financement dépasse le coût total.');
	if (total.tax && lines.some((l) => l.tax !== total.tax))
		warnings.push(`Des lignes ne sont pas exprimées en ${total.tax} comme le coût total.`);
	const noFunder = lines.filter((l) => l.organisationId === null).length;
	if (noFunder) warnings.push(`${countOf(noFunder, 'ligne')} sans financeur.`);
	const undated = lines.filter(
		(l) => 'plannedOn' in l && !l.plannedOn && !l.requestedOn && !l.committedOn && !l.paidOn
	).length;
	if (undated)
		warnings.push(
			`${countOf(undated, 'ligne')} sans aucune date (prévue, demandée, engagée ou versée).`
		);
	if (total.cents === null && lines.length)
		warnings.push('Coût total non renseigné : le plan ne peut pas être vérifié.');
	return {
		sumCents,
		totalCents: total.cents,
		gapCents,
		balanced: gapCents === null ? null : gapCents === 0,
		byKind: group((l) => l.kind).map(({ k, v }) => ({ kind: k, amountCents: v, share: share(v) })),
		byFunder: group((l) => l.funderName ?? 'Financeur non renseigné').map(({ k, v }) => ({
			funder: k,
			amountCents: v,
			share: share(v)
		})),
		warnings
	};
}
