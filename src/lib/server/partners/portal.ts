import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { memoByScopes } from '../cache';
import { fundingLines, fundingPayments } from '../db/schema';
import { updateVersioned, changesSinceVersion, type ActorRef } from '../editing/versioned';
import { ConflictError, FieldError, NotFoundError } from '../editing/errors';
import { recordAudit } from '../audit/writer';
import { id, version, isoDate, money } from '../../schemas/fields';
import { formatEuros } from '../../domain/money';
import {
	FUNDING_SQL,
	committedCentsOf,
	isCommitted,
	paidCentsOf,
	remainingCentsOf,
	stateAfterPayment
} from '../../domain/funding-state';
import { fundingLineOrder, listFundingLines, type FundingRow } from '../funding/queries';

export const paymentSchema = z.object({
	id,
	version,
	paidOn: isoDate,
	amount: money({ positive: true })
});
export const commitSchema = z.object({ id, version, committedOn: isoDate });

/** Records a (partial) payment; the line's paid total may never exceed its committed amount. */
export function recordPayment(db: Db, input: z.output<typeof paymentSchema>, actor: ActorRef) {
	return db.transaction((tx) => {
		const line = tx.select().from(fundingLines).where(eq(fundingLines.id, input.id)).get();
		if (!line) throw new NotFoundError('funding_line');
		if (line.version !== input.version)
			throw new ConflictError(
				line,
				changesSinceVersion(tx, 'funding_line', line.id, input.version)
			);
		if (!isCommitted(line.status))
			throw new FieldError({ amount: 'Confirmez d’abord l’engagement de cette ligne.' });
		const already = paidCentsOf(line);
		const paid = already + input.amount;
		if (paid > line.amountCents)
			throw new FieldError({
				amount: `Le total versé dépasserait le montant engagé (reste à verser : ${formatEuros(line.amountCents - already)}).`
			});
		const payment = tx
			.insert(fundingPayments)
			.values({
				fundingLineId: line.id,
				paidOn: input.paidOn,
				amountCents: input.amount,
				createdBy: actor.id,
				createdAt: new Date().toISOString()
			})
			.returning()
			.get();
		recordAudit(tx, {
			userId: actor.id,
			actor: actor.name,
			entityType: 'funding_payment',
			entityId: payment.id,
			operation: 'create',
			after: payment
		});
		return updateVersioned(
			tx,
			fundingLines,
			'funding_line',
			line.id,
			input.version,
			{
				paidCents: paid,
				paidOn: input.paidOn,
				status: stateAfterPayment(line.status, line.amountCents, paid)
			},
			actor
		);
	});
}

/** Confirms a planned or requested line as committed, dated. */
export function confirmCommitment(db: Db, input: z.output<typeof commitSchema>, actor: ActorRef) {
	return db.transaction((tx) => {
		const line = tx.select().from(fundingLines).where(eq(fundingLines.id, input.id)).get();
		if (!line) throw new NotFoundError('funding_line');
		if (isCommitted(line.status))
			throw new FieldError({ committedOn: 'Cette ligne est déjà engagée.' });
		return updateVersioned(
			tx,
			fundingLines,
			'funding_line',
			line.id,
			input.version,
			{ status: 'committed', committedOn: input.committedOn },
			actor
		);
	});
}

export interface PortalLine extends FundingRow {
	/** null while the line is not committed: nothing remains to pay on a promise */
	remainingCents: number | null;
	committedCents: number;
	year: string | null;
}

export interface PortalTotals {
	key: string;
	plannedCents: number;
	requestedCents: number;
	committedCents: number;
	paidCents: number;
	remainingCents: number;
	totalCents: number;
	lines: number;
}

/** Lines shown per page, and programmes listed by name before the rest are added up. */
export const PORTAL_PAGE = 50;
export const PORTAL_PROGRAMMES = 30;

const TOTALS = sql.raw(`
	coalesce(sum(case when fl.status = 'planned' then fl.amount_cents else 0 end), 0) as plannedCents,
	coalesce(sum(case when fl.status = 'requested' then fl.amount_cents else 0 end), 0) as requestedCents,
	coalesce(sum(${FUNDING_SQL.committed}), 0) as committedCents,
	coalesce(sum(${FUNDING_SQL.paid}), 0) as paidCents,
	coalesce(sum(${FUNDING_SQL.remaining}), 0) as remainingCents,
	coalesce(sum(fl.amount_cents), 0) as totalCents,
	count(*) as lines`);

/**
 * An organisation's lines across programmes: totals, by programme and by year, added up by the
 * database (a national funder has thousands of lines), and the lines themselves page by page.
 */
export function portal(db: Db, organisationId: number, requestedPage = 1) {
	// Adding up and sorting a national funder's lines is the costly part: once per version of its
	// lines and of the programmes (their names, their order, an action moved), whatever else is
	// written meanwhile. The page's lines are then read by id, with their titles as they are now (and
	// still this funder's: a line moved to another funder between the two reads is not shown).
	const { totals, byProgramme, byYear, order } = memoByScopes(
		db,
		`portal|${organisationId}`,
		[`funder:${organisationId}`, 'site'],
		() => ({ ...portalTotals(db, organisationId), order: fundingLineOrder(db, organisationId) })
	);
	const pages = Math.max(1, Math.ceil(totals.lines / PORTAL_PAGE));
	const page = Math.min(Math.max(1, requestedPage), pages);
	const ids = [...order.subarray((page - 1) * PORTAL_PAGE, page * PORTAL_PAGE)];
	const lines: PortalLine[] = listFundingLines(db, { organisationId, ids }).map((l) => ({
		...l,
		paidCents: paidCentsOf(l),
		committedCents: committedCentsOf(l),
		remainingCents: remainingCentsOf(l),
		year: (l.committedOn ?? l.paidOn)?.slice(0, 4) ?? null
	}));
	const payments = lines.length
		? db.all<{ fundingLineId: number; paidOn: string; amountCents: number }>(sql`
			select funding_line_id as fundingLineId, paid_on as paidOn, amount_cents as amountCents from funding_payments
			where funding_line_id in ${lines.map((l) => l.id)} order by paid_on`)
		: [];
	return { lines, page, pages, totals, byProgramme, byYear, payments };
}

/** An organisation's totals: all its lines, by programme (the first 30, then the rest) and by year. */
function portalTotals(db: Db, organisationId: number) {
	const mine = sql`fl.organisation_id = ${organisationId}`;
	const totals = db.get<PortalTotals>(
		sql`select 'Total' as key, ${TOTALS} from funding_lines fl where ${mine}`
	);
	const programmes = db.all<PortalTotals>(sql`
		select p.short_name as key, ${TOTALS}
		from funding_lines fl
		left join action_items a on a.id = fl.action_id
		left join operations o on o.id = fl.operation_id
		join programmes p on p.id = coalesce(a.programme_id, o.programme_id)
		where ${mine} group by p.id order by totalCents desc, p.position`);
	const rest = programmes.slice(PORTAL_PROGRAMMES);
	const byProgramme = rest.length
		? [
				...programmes.slice(0, PORTAL_PROGRAMMES),
				rest.reduce<PortalTotals>(
					(sum, r) => {
						for (const k of Object.keys(r) as (keyof PortalTotals)[])
							if (k !== 'key') sum[k] += r[k];
						return sum;
					},
					{
						key: `Autres programmes (${rest.length})`,
						plannedCents: 0,
						requestedCents: 0,
						committedCents: 0,
						paidCents: 0,
						remainingCents: 0,
						totalCents: 0,
						lines: 0
					}
				)
			]
		: programmes;
	const byYear = db.all<PortalTotals>(sql`
		select coalesce(substr(coalesce(fl.committed_on, fl.paid_on), 1, 4), 'non daté') as key, ${TOTALS}
		from funding_lines fl where ${mine} group by key order by key = 'non daté', key`);
	return { totals, byProgramme, byYear };
}
