import { periodEnd, monthsBetween } from './dates';

export interface MilestoneLike {
	plannedDate: string | null;
	plannedPrecision: string | null;
	baselineDate?: string | null;
	baselinePrecision?: string | null;
	status: string;
}

const CLOSED = new Set(['done', 'cancelled']);

/** Overdue once the whole planned period is over and it is not done: "T4 2023" only after 31 Dec 2023. */
export function isOverdue(m: MilestoneLike, today: string): boolean {
	if (!m.plannedDate || CLOSED.has(m.status)) return false;
	return periodEnd(m.plannedDate, m.plannedPrecision ?? 'day') < today;
}

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
