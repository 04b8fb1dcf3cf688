import ical, { ICalEventStatus } from 'ical-generator';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { listDecisions } from '../dashboard/decisions';
import { formatPreciseDate, periodEnd } from '../../domain/dates';
import { MILESTONE_STATUS, label } from '../../domain/labels';

/** The most events a feed carries (a national scope is cut, latest planned dates first). */
export const FEED_LIMIT = 2000;

interface FeedMilestone {
	id: number;
	title: string;
	subject: string;
	programme: string;
	href: string;
	plannedDate: string;
	plannedPrecision: string | null;
	status: string;
	actualDate: string | null;
}

export type FeedScope =
	| { kind: 'all' }
	| { kind: 'programmes'; ids: number[] }
	| { kind: 'lead'; organisationId: number };

function scopeWhere(scope: FeedScope): SQL {
	switch (scope.kind) {
		case 'all':
			return sql`1 = 1`;
		case 'programmes':
			return scope.ids.length ? sql`p.id in ${scope.ids}` : sql`0 = 1`;
		case 'lead':
			return sql`coalesce(o.lead_organisation_id, a.lead_organisation_id) = ${scope.organisationId}`;
	}
}

export function feedMilestones(db: Db, scope: FeedScope): FeedMilestone[] {
	return db.all<FeedMilestone>(sql`
		select m.id, m.title, coalesce(o.name, a.title) as subject, p.short_name as programme,
			case when o.id is not null then '/operations/' || o.slug else '/programmes/' || p.slug || '/actions/' || a.code end as href,
			m.planned_date as plannedDate, m.planned_precision as plannedPrecision, m.status, m.actual_date as actualDate
		from milestones m
		left join action_items a on a.id = m.action_id left join operations o on o.id = m.operation_id
		join programmes p on p.id = coalesce(a.programme_id, o.programme_id)
		where m.planned_date is not null and ${scopeWhere(scope)}
		order by m.planned_date desc, m.id limit ${FEED_LIMIT}`);
}

/** An all-day date that reads the same in every time zone of France and its overseas territories. */
const allDay = (iso: string) => new Date(`${iso}T12:00:00Z`);

/**
 * An RFC 5545 calendar of milestones and decisions. A milestone planned to the month, quarter,
 * semester or year is an all-day event on the last day of its period, titled with the period
 * ("échéance T4 2023"); a done one says "réalisé"; each event links to its page.
 */
export function buildCalendar(
	name: string,
	origin: string,
	milestones: FeedMilestone[],
	decisions: ReturnType<typeof listDecisions>
): string {
	const host = new URL(origin).host;
	const cal = ical({
		name,
		prodId: { company: 'Grand Cahors', product: 'Programmes urbains', language: 'FR' }
	});
	for (const m of milestones) {
		const precision = m.plannedPrecision ?? 'day';
		const when = formatPreciseDate(m.plannedDate, precision);
		const done = m.status === 'done';
		const summary =
			(done ? 'Réalisé : ' : '') +
			(precision === 'day' ? m.title : `${m.title} – échéance ${when}`);
		const day = precision === 'day' ? m.plannedDate : periodEnd(m.plannedDate, precision);
		cal.createEvent({
			id: `jalon-${m.id}@${host}`,
			allDay: true,
			start: allDay(day),
			summary,
			description: [
				`${m.subject} (${m.programme})`,
				`Prévu : ${when}`,
				`État : ${label(MILESTONE_STATUS, m.status)}${done && m.actualDate ? `, le ${formatPreciseDate(m.actualDate, 'day')}` : ''}`,
				`${origin}${m.href}`
			].join('\n'),
			url: `${origin}${m.href}`,
			status:
				m.status === 'cancelled'
					? ICalEventStatus.CANCELLED
					: done
						? ICalEventStatus.CONFIRMED
						: ICalEventStatus.TENTATIVE
		});
	}
	for (const d of decisions) {
		cal.createEvent({
			id: `decision-${d.id}@${host}`,
			allDay: true,
			start: allDay(d.decidedOn),
			summary: `Décision (${d.body})`,
			description: [d.text, ...d.actions.map((a) => `${a.label} : ${origin}${a.href}`)].join('\n'),
			url: `${origin}${d.href}`,
			status: ICalEventStatus.CONFIRMED
		});
	}
	return cal.toString();
}

export const icsResponse = (body: string, filename: string, publicFeed: boolean) =>
	new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `inline; filename="${filename}"`,
			'cache-control': publicFeed ? 'public, max-age=900' : 'private, no-store'
		}
	});

/** The account a private feed token belongs to (active accounts only). */
export function feedOwner(db: Db, token: string) {
	return db.get<{
		id: number;
		role: string;
		organisationId: number | null;
		programmes: string | null;
	}>(sql`
		select u.id, u.role, u.organisation_id as organisationId,
			(select group_concat(programme_id) from user_programmes where user_id = u.id) as programmes
		from users u where u.calendar_token = ${token} and u.active = 1`);
}
