import type { Db } from '../db';
import { dashboardAggregates } from '../dashboard/summary';
import { dueWithin, watchItems } from '../dashboard/queries';
import { listDecisions } from '../dashboard/decisions';
import { throttleRules } from '../auth/throttle';
import { relocationTeamStats, relocationThreshold } from '../relocation/cases';
import { confirmationDays } from '../config';
import { formatEuros } from '../../domain/money';
import { formatPreciseDate } from '../../domain/dates';
import { countOf } from '../../domain/numbers';
import { FUNDING_STATUS, label } from '../../domain/labels';
import {
	partnerLineChanges,
	partnerLines,
	programmeSlugs,
	accountsWithFailedSignIns,
	staleImportDrafts,
	type Recipient
} from './queries';
import { sql } from 'drizzle-orm';

export interface DigestItem {
	text: string;
	href: string | null;
}
export interface DigestSection {
	title: string;
	items: DigestItem[];
	/** how many more there are than listed */
	more: number;
}

const LIST = 10;
const DAY = 86_400_000;
const addDays = (iso: string, n: number) =>
	new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

function section(title: string, items: DigestItem[], total = items.length): DigestSection | null {
	if (!total) return null;
	return {
		title: `${title} (${total})`,
		items: items.slice(0, LIST),
		more: total - Math.min(items.length, LIST)
	};
}

/** Milestones and records to look at, for one programme or all: only what the reader may read. */
function programmeSections(db: Db, date: string, programme?: { slug: string; name: string }) {
	const agg = dashboardAggregates(db, programme ? { programme: programme.slug } : {}, date);
	const watch = watchItems(db, agg);
	const milestone = (m: (typeof watch.toConfirm.items)[number]) => ({
		text: `${m.title} (${m.subject}) – prévu ${formatPreciseDate(m.plannedDate, m.plannedPrecision)}`,
		href: m.href
	});
	const dueSoon = dueWithin(db, programme ? { programme: programme.slug } : {}, date, 30);
	const decisions = listDecisions(db, { programme: programme?.slug, since: addDays(date, -7) });
	const prefix = programme ? `${programme.name} – ` : '';
	return [
		section(
			`${prefix}Jalons à confirmer`,
			watch.toConfirm.items.map(milestone),
			watch.toConfirm.total
		),
		section(`${prefix}Jalons en retard`, watch.late.items.map(milestone), watch.late.total),
		section(
			`${prefix}Échéances des 30 prochains jours`,
			dueSoon.items.map(milestone),
			dueSoon.total
		),
		section(
			`${prefix}Fiches non confirmées depuis ${confirmationDays()} jours`,
			watch.stale.items.map((a) => ({ text: a.title, href: a.href })),
			watch.stale.total
		),
		section(
			`${prefix}Décisions de la semaine`,
			decisions.map((d) => ({
				text: `${d.body}, ${formatPreciseDate(d.decidedOn, 'day')} : ${d.text}`,
				href: d.href
			}))
		)
	].filter((s): s is DigestSection => s !== null);
}

/**
 * The Monday digest of one person, from what their role and scope let them read; null when there is
 * nothing to say. Relocation officers get counts only, never a household's code.
 */
export function digestFor(db: Db, r: Recipient, date: string): DigestSection[] | null {
	let sections: DigestSection[] = [];
	switch (r.role) {
		case 'elu':
			sections = programmeSections(db, date);
			break;
		case 'chef_de_projet':
			sections = programmeSlugs(db, r.programmeIds).flatMap((p) => programmeSections(db, date, p));
			break;
		case 'partenaire': {
			if (r.organisationId === null) break;
			const lines = partnerLines(db, r.organisationId);
			const line = (l: (typeof lines)[number], what: string) => ({
				text: `${l.label} – ${l.subject} (${l.programme}) : ${formatEuros(l.amountCents)}, ${what}`,
				href: '/partenaires/portail'
			});
			const awaitingCommitment = lines.filter(
				(l) => l.status === 'planned' || l.status === 'requested'
			);
			const awaitingPayment = lines.filter(
				(l) => l.status === 'committed' && l.paidCents < l.amountCents
			);
			const changed = partnerLineChanges(db, r.organisationId, addDays(date, -7), r.id);
			sections = [
				section(
					'Lignes en attente d’engagement',
					awaitingCommitment.map((l) => line(l, label(FUNDING_STATUS, l.status).toLowerCase()))
				),
				section(
					'Lignes engagées en attente de versement',
					awaitingPayment.map((l) =>
						line(l, `reste à verser ${formatEuros(l.amountCents - l.paidCents)}`)
					)
				),
				changed
					? {
							title: 'Modifications de la semaine',
							items: [
								{
									text: `${countOf(changed, 'modification')} par d’autres personnes sur les lignes de votre organisation`,
									href: '/partenaires/portail'
								}
							],
							more: 0
						}
					: null
			].filter((s): s is DigestSection => s !== null);
			break;
		}
		case 'charge_relogement': {
			const operations = db.all<{ id: number }>(sql`select id from operations`).map((o) => o.id);
			const stats = relocationTeamStats(db, operations, { today: date });
			const waiting =
				typeof stats.waitingOverThreshold === 'number' ? stats.waitingOverThreshold : 0;
			if (waiting)
				sections = [
					{
						title: 'Relogement',
						items: [
							{
								text: `${countOf(waiting, 'ménage')} ${waiting > 1 ? 'attendent' : 'attend'} depuis plus de ${relocationThreshold()} jours après le diagnostic`,
								href: null
							}
						],
						more: 0
					}
				];
			break;
		}
		case 'admin': {
			const threshold = throttleRules().pair.free;
			const flagged = accountsWithFailedSignIns(db, addDays(date, -7), date, threshold);
			const drafts = staleImportDrafts(db, Date.parse(`${date}T00:00:00Z`) - DAY);
			const items: DigestItem[] = [];
			if (flagged)
				items.push({
					text: `${countOf(flagged, 'compte')} avec au moins ${threshold} échecs de connexion ces 7 derniers jours`,
					href: '/admin/utilisateurs'
				});
			if (drafts)
				items.push({
					text: `${countOf(drafts, 'aperçu')} d’import resté${drafts > 1 ? 's' : ''} sans import (échec ou abandon)`,
					href: '/donnees/import'
				});
			if (items.length) sections = [{ title: 'Administration', items, more: 0 }];
			break;
		}
	}
	return sections.length ? sections : null;
}
