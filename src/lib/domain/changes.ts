import { codeTable } from './codes';
import { plainText } from './values';
import { formatEuros } from './money';
import {
	formatPreciseDate,
	formatTimestamp,
	periodEnd,
	monthsBetween,
	PRECISION_LABELS
} from './dates';
import { ACTION_STATUS, MILESTONE_STATUS, FUNDING_STATUS, FUNDING_KIND, label } from './labels';

/** Who the audit log names for the initial load of the source documents (no person). */
export const SEED_ACTOR = 'Import initial (documents sources)';

export type ChangeCategory =
	| 'milestone_done'
	| 'milestone_slipped'
	| 'milestone_added'
	| 'status'
	| 'progress'
	| 'funding'
	| 'other';

export const CHANGE_CATEGORY_LABELS: Readonly<Record<ChangeCategory, string>> = codeTable({
	milestone_done: 'Jalons réalisés',
	milestone_slipped: 'Jalons décalés',
	milestone_added: 'Jalons ajoutés',
	status: "Changements d'état",
	progress: "Changements d'avancement",
	funding: 'Financements nouveaux ou modifiés',
	other: 'Autres modifications'
});

export interface AuditLike {
	entityType: string;
	operation: string;
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
}

type R = Record<string, unknown>;
/** What a confirmation alone writes: when, who, and the version it bumps. */
const CONFIRMATION_KEYS = new Set(['confirmedAt', 'confirmedBy', 'version', 'updatedAt']);
const str = plainText;

/** Sorts one audit entry into the "what changed" categories, with French sentences saying what moved. */
export function describeChange(e: AuditLike): { category: ChangeCategory; text: string }[] {
	const b = (e.before ?? {}) as R;
	const a = (e.after ?? {}) as R;
	const out: { category: ChangeCategory; text: string }[] = [];
	if (e.entityType === 'milestone') {
		if (e.operation === 'create')
			return [
				{
					category: 'milestone_added',
					text: `Jalon ajouté, prévu ${formatPreciseDate(str(a.plannedDate), str(a.plannedPrecision))}`
				}
			];
		if (e.operation === 'delete') return [{ category: 'other', text: 'Jalon supprimé' }];
		if (a.status === 'done' && b.status !== 'done')
			out.push({
				category: 'milestone_done',
				text: `Jalon réalisé${a.actualDate ? ` le ${formatPreciseDate(str(a.actualDate), str(a.actualPrecision) ?? 'day')}` : ''}`
			});
		if (
			a.plannedDate &&
			b.plannedDate &&
			(a.plannedDate !== b.plannedDate || a.plannedPrecision !== b.plannedPrecision)
		) {
			const months = monthsBetween(
				periodEnd(str(b.plannedDate) ?? '', str(b.plannedPrecision) ?? 'day'),
				periodEnd(str(a.plannedDate) ?? '', str(a.plannedPrecision) ?? 'day')
			);
			const moved = `${formatPreciseDate(str(b.plannedDate), str(b.plannedPrecision))} → ${formatPreciseDate(str(a.plannedDate), str(a.plannedPrecision))}`;
			out.push({
				category: months > 0 ? 'milestone_slipped' : 'other',
				text:
					months > 0
						? `Jalon décalé de ${months} mois (${moved})${a.slipReason ? ` : ${str(a.slipReason)}` : ''}`
						: `Jalon avancé (${moved})`
			});
		}
		if (!out.length && a.status !== b.status)
			out.push({
				category: 'other',
				text: `Jalon : ${label(MILESTONE_STATUS, str(b.status))} → ${label(MILESTONE_STATUS, str(a.status))}`
			});
		if (!out.length && a.confirmedAt && Object.keys(a).every((k) => CONFIRMATION_KEYS.has(k)))
			return [{ category: 'other', text: 'État confirmé : toujours prévu, pas encore réalisé' }];
		return out.length ? out : [{ category: 'other', text: 'Jalon modifié' }];
	}
	if (e.entityType === 'action' || e.entityType === 'operation') {
		const noun = e.entityType === 'action' ? 'Action' : 'Opération';
		if (e.operation === 'create') return [{ category: 'other', text: `${noun} ajoutée` }];
		if (a.status !== undefined && a.status !== b.status)
			out.push({
				category: 'status',
				text: `État : ${label(ACTION_STATUS, str(b.status))} → ${label(ACTION_STATUS, str(a.status))}`
			});
		if (a.progress !== undefined && a.progress !== b.progress) {
			const pct = (v: unknown) => (v === null || v === undefined ? 'non renseigné' : `${str(v)} %`);
			out.push({
				category: 'progress',
				text: `Avancement : ${pct(b.progress)} → ${pct(a.progress)}`
			});
		}
		if (!out.length && a.confirmedAt && Object.keys(a).every((k) => CONFIRMATION_KEYS.has(k)))
			return [{ category: 'other', text: 'État confirmé tel quel' }];
		return out.length ? out : [{ category: 'other', text: `${noun} modifiée` }];
	}
	if (e.entityType === 'funding_line') {
		if (e.operation === 'create')
			return [
				{
					category: 'funding',
					text: `Ligne ajoutée : ${formatEuros(Number(a.amountCents))} (${label(FUNDING_STATUS, str(a.status))})`
				}
			];
		if (e.operation === 'delete')
			return [{ category: 'funding', text: 'Ligne de financement supprimée' }];
		const parts: string[] = [];
		if (a.amountCents !== undefined && a.amountCents !== b.amountCents)
			parts.push(
				`montant ${formatEuros(Number(b.amountCents))} → ${formatEuros(Number(a.amountCents))}`
			);
		if (a.status !== undefined && a.status !== b.status)
			parts.push(
				`${label(FUNDING_STATUS, str(b.status))} → ${label(FUNDING_STATUS, str(a.status))}`
			);
		if (a.paidCents !== undefined && a.paidCents !== b.paidCents)
			parts.push(`versé ${formatEuros(Number(a.paidCents))}`);
		return [
			{
				category: 'funding',
				text: parts.length ? `Ligne modifiée : ${parts.join(', ')}` : 'Ligne modifiée'
			}
		];
	}
	return [
		{
			category: 'other',
			text:
				e.operation === 'create'
					? 'Ajout'
					: e.operation === 'delete'
						? 'Suppression'
						: 'Modification'
		}
	];
}

/** Recorded fields a reader never needs to see (bookkeeping; who confirmed is the entry's author). */
export const UNSHOWN_FIELDS: ReadonlySet<string> = new Set([
	'version',
	'updatedAt',
	'minLon',
	'minLat',
	'maxLon',
	'maxLat',
	'confirmedBy'
]);

/** Each recorded field in French, for history tabs, the journal and conflict notices. */
export const FIELD_LABELS: Readonly<Record<string, string>> = codeTable({
	status: 'État',
	progress: 'Avancement',
	description: 'Description',
	leadOrganisationId: 'Pilote',
	startDate: 'Début',
	startPrecision: 'Précision du début',
	endDate: 'Fin',
	endPrecision: 'Précision de la fin',
	title: 'Intitulé',
	plannedDate: 'Date prévue',
	plannedPrecision: 'Précision de la date prévue',
	baselineDate: 'Date initiale',
	baselinePrecision: 'Précision de la date initiale',
	actualDate: 'Date de réalisation',
	actualPrecision: 'Précision de la réalisation',
	slipReason: 'Motif du report',
	amountCents: 'Montant',
	kind: 'Nature',
	tax: 'HT ou TTC',
	label: 'Libellé',
	organisationId: 'Financeur',
	paidCents: 'Versé',
	plannedOn: 'Prévu le',
	requestedOn: 'Demandé le',
	committedOn: 'Engagé le',
	paidOn: 'Versé le',
	geometry: 'Position',
	name: 'Nom',
	note: 'Note',
	inferred: 'Déduit',
	confirmedAt: 'État confirmé le',
	confirmedBy: 'Confirmé par',
	value: 'Valeur',
	measuredOn: 'Mesuré le',
	text: 'Texte',
	reservedCents: 'Réservé',
	active: 'Actif',
	role: 'Rôle',
	email: 'Adresse e-mail'
});

/** A field's name in French; an unknown one is never shown raw. */
export const fieldLabel = (field: string) =>
	Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field] : 'Autre donnée';

/** A recorded value as a reader should see it: labels, euros, dates, never a raw code. */
export function fieldValue(entityType: string, field: string, value: unknown): string {
	if (value === null || value === undefined || value === '') return 'non renseigné';
	const s = str(value) ?? '';
	if (field === 'status')
		return label(
			entityType === 'milestone'
				? MILESTONE_STATUS
				: entityType === 'funding_line'
					? FUNDING_STATUS
					: ACTION_STATUS,
			s
		);
	if (field === 'kind' && entityType === 'funding_line') return label(FUNDING_KIND, s);
	if (field.endsWith('Precision'))
		return Object.hasOwn(PRECISION_LABELS, s) ? PRECISION_LABELS[s as never] : s;
	if (field.endsWith('Cents')) return formatEuros(Number(value));
	if (field === 'progress') return `${s}\u00a0%`;
	if (field === 'confirmedAt') return formatTimestamp(s);
	if (/(Date|On)$/.test(field) && /^\d{4}-\d{2}-\d{2}$/.test(s)) return formatPreciseDate(s, 'day');
	if (typeof value === 'boolean') return value ? 'oui' : 'non';
	if (field === 'geometry') return 'modifiée';
	return s;
}
