import { codeTable } from './codes';
import { periodEnd, periodStart } from './dates';

export type WorkPhase = 'done' | 'ongoing' | 'next' | 'unconfirmed';

export const PHASE_LABELS: Readonly<Record<WorkPhase, string>> = codeTable({
	done: 'Terminé',
	ongoing: 'En cours',
	next: 'À venir',
	unconfirmed: 'Date prévue passée, avancement à confirmer'
});

/**
 * Where a work step stands for residents. Only a milestone marked done is "terminé"; one whose
 * planned period is over without confirmation is said so, never presented as done.
 */
export function workPhase(
	m: { status: string; plannedDate: string | null; plannedPrecision: string | null },
	today: string
): WorkPhase {
	if (m.status === 'done') return 'done';
	if (m.status === 'in_progress') return 'ongoing';
	if (!m.plannedDate) return 'next';
	const precision = m.plannedPrecision ?? 'day';
	if (periodEnd(m.plannedDate, precision) < today) return 'unconfirmed';
	if (periodStart(m.plannedDate, precision) <= today) return 'ongoing';
	return 'next';
}
