/**
 * The one definition of a funding line's state: planned → requested → committed → paid, with its
 * amounts. The portal, the editing forms and the SQL aggregates (through the expressions below) all
 * read a line the same way.
 */
export const FUNDING_STATES = ['planned', 'requested', 'committed', 'paid'] as const;
export type FundingState = (typeof FUNDING_STATES)[number];

export interface FundingAmounts {
	status: string;
	amountCents: number;
	paidCents: number;
}

const rank = (s: string) => FUNDING_STATES.indexOf(s as FundingState);

/** Whether the funder has committed the line (committed or paid). */
export const isCommitted = (status: string) => rank(status) >= rank('committed');

/** What the funder has committed: the whole amount once committed, nothing before. */
export const committedCentsOf = (l: FundingAmounts) => (isCommitted(l.status) ? l.amountCents : 0);

/**
 * What has been paid. A line recorded as "paid" with no payment detail (as the source documents give
 * it) counts as paid in full.
 */
export const paidCentsOf = (l: FundingAmounts) =>
	l.status === 'paid' && l.paidCents === 0 ? l.amountCents : l.paidCents;

/** What remains to pay on a committed line; null while nothing is committed (not "0 €"). */
export const remainingCentsOf = (l: FundingAmounts): number | null =>
	isCommitted(l.status) ? l.amountCents - paidCentsOf(l) : null;

/** The state after a payment: paid once the whole amount is paid, never a step backwards. */
export function stateAfterPayment(
	current: string,
	amountCents: number,
	paidCents: number
): FundingState {
	const next: FundingState = paidCents >= amountCents ? 'paid' : 'committed';
	return rank(current) > rank(next) ? (current as FundingState) : next;
}

const PAID_SQL = `case when fl.status = 'paid' and fl.paid_cents = 0 then fl.amount_cents else fl.paid_cents end`;

/** The same definitions as SQL expressions over a funding_lines row aliased `fl`. */
export const FUNDING_SQL = {
	committed: `case when fl.status in ('committed', 'paid') then fl.amount_cents else 0 end`,
	paid: PAID_SQL,
	/** what remains to pay on committed lines (uncommitted lines count for nothing) */
	remaining: `case when fl.status in ('committed', 'paid') then fl.amount_cents - (${PAID_SQL}) else 0 end`
} as const;

export interface FundingLineState extends FundingAmounts {
	organisationId: number | null;
}

/**
 * What a project manager's edit (form or import) may not do to a funding line, field by field.
 * The funder's own word (its commitment, its payments) is recorded in the partners' area; an edit
 * may prepare a line and correct it, never claim a payment nor undo one.
 */
export function fundingEditProblems(
	current: FundingLineState | null,
	next: FundingLineState
): Partial<Record<'status' | 'organisation' | 'amount', string>> {
	const problems: Partial<Record<'status' | 'organisation' | 'amount', string>> = {};
	const wasPaid = current !== null && (current.status === 'paid' || current.paidCents > 0);
	if (next.status === 'paid' && current?.status !== 'paid')
		problems.status =
			'« Versé » découle des versements que le financeur enregistre dans l’espace partenaires.';
	else if (wasPaid && rank(next.status) < rank('committed'))
		problems.status = 'Des versements sont enregistrés : la ligne ne peut pas revenir en arrière.';
	if (current && current.organisationId !== next.organisationId && isCommitted(current.status))
		problems.organisation =
			'La ligne est engagée par son financeur : elle ne peut pas changer de financeur.';
	if (current && next.amountCents < current.paidCents)
		problems.amount = 'Le montant ne peut pas être inférieur au montant déjà versé.';
	return problems;
}
