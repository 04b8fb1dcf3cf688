import { periodEnd, monthsBetween } from './dates';

export interface MilestoneLike {
	plannedDate: string | null;
	plannedPrecision: string | null;
	baselineDate?: string | null;
	baselinePrecision?: string | null;
	status: string;
}

const CLOSED = new Set(['done', 'cancelled']);

/**
 * The planned period is over and the milestone is not closed: "T4 2023" only after 31 Dec 2023. This
 * says nothing of whether it is late: see `milestoneState`.
 */
export function isOverdue(m: MilestoneLike, today: string): boolean {
	if (!m.plannedDate || CLOSED.has(m.status)) return false;
	return periodEnd(m.plannedDate, m.plannedPrecision ?? 'day') < today;
}

/**
 * What the app may say of a milestone. Once its planned period is over, it is "à confirmer" until a
 * person confirms, after that period, that it is still not done: only then is it "en retard". A
 * confirmation made before the period ended (or the seed's import, which is none) proves nothing
 * about lateness.
 */
export type MilestoneState = 'done' | 'cancelled' | 'planned' | 'to_confirm' | 'late';

export function milestoneState(
	m: MilestoneLike & { confirmedAt?: string | null },
	today: string
): MilestoneState {
	if (m.status === 'done') return 'done';
	if (m.status === 'cancelled') return 'cancelled';
	if (!isOverdue(m, today)) return 'planned';
	const end = periodEnd(m.plannedDate!, m.plannedPrecision ?? 'day');
	return m.confirmedAt && m.confirmedAt.slice(0, 10) > end ? 'late' : 'to_confirm';
}

export const MILESTONE_STATE_LABELS: Readonly<Record<MilestoneState, string>> = {
	done: 'réalisé',
	cancelled: 'annulé',
	planned: 'prévu',
	to_confirm: 'à confirmer',
	late: 'en retard'
};

/** Months the current plan moved past the baseline (0 when not later). */
export function slipMonths(m: MilestoneLike): number {
	if (!m.plannedDate || !m.baselineDate) return 0;
	const planned = periodEnd(m.plannedDate, m.plannedPrecision ?? 'day');
	const baseline = periodEnd(m.baselineDate, m.baselinePrecision ?? 'day');
	return Math.max(0, monthsBetween(baseline, planned));
}

/**
 * Progress rolled up from milestones: the share done, or null when there is none to count
 * (no milestones means "non renseigné", never 0 %).
 */
export function progressFromMilestones(ms: Pick<MilestoneLike, 'status'>[]): number | null {
	const counted = ms.filter((m) => m.status !== 'cancelled');
	if (counted.length === 0) return null;
	return Math.round((100 * counted.filter((m) => m.status === 'done').length) / counted.length);
}

/** A parent's progress from its children's, each weighted (e.g. by cost); children without progress are left out. */
export function rollUpProgress(
	children: { progress: number | null; weight?: number }[]
): number | null {
	const known = children.filter((c) => c.progress !== null);
	if (known.length === 0) return null;
	const total = known.reduce((s, c) => s + (c.weight ?? 1), 0);
	if (total === 0) return null;
	return Math.round(known.reduce((s, c) => s + c.progress! * (c.weight ?? 1), 0) / total);
}
