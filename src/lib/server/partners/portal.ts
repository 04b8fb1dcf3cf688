import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { fundingLines, fundingPayments } from '../db/schema';
import { updateVersioned, changesSinceVersion, type ActorRef } from '../editing/versioned';
import { ConflictError, FieldError, NotFoundError } from '../editing/errors';
import { recordAudit } from '../audit/writer';
import { id, version, isoDate, money } from '../../schemas/fields';
import { formatEuros } from '../../domain/money';
import {
	committedCentsOf,
	isCommitted,
	paidCentsOf,
	remainingCentsOf,
	stateAfterPayment
} from '../../domain/funding-state';
import { listFundingLines, type FundingRow } from '../funding/queries';

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

/** An organisation's lines across programmes, with totals by status, year and programme. */
export function portal(db: Db, organisationId: number) {
	const lines: PortalLine[] = listFundingLines(db, { organisationId }).map((l) => {
		return {
			...l,
			paidCents: paidCentsOf(l),
			committedCents: committedCentsOf(l),
			remainingCents: remainingCentsOf(l),
			year: (l.committedOn ?? l.paidOn)?.slice(0, 4) ?? null
		};
	});
	const sum = (ls: PortalLine[]) => ({
		plannedCents: ls.filter((l) => l.status === 'planned').reduce((s, l) => s + l.amountCents, 0),
		requestedCents: ls
			.filter((l) => l.status === 'requested')
			.reduce((s, l) => s + l.amountCents, 0),
		committedCents: ls.reduce((s, l) => s + l.committedCents, 0),
		paidCents: ls.reduce((s, l) => s + l.paidCents, 0),
		remainingCents: ls.reduce((s, l) => s + (l.remainingCents ?? 0), 0),
		totalCents: ls.reduce((s, l) => s + l.amountCents, 0)
	});
	const group = (key: (l: PortalLine) => string) =>
		[...new Set(lines.map(key))].map((k) => ({
			key: k,
			...sum(lines.filter((l) => key(l) === k))
		}));
	const payments = lines.length
		? db.all<{ fundingLineId: number; paidOn: string; amountCents: number }>(sql`
			select funding_line_id as fundingLineId, paid_on as paidOn, amount_cents as amountCents from funding_payments
			where funding_line_id in ${lines.map((l) => l.id)} order by paid_on`)
		: [];
	return {
		lines,
		totals: sum(lines),
		byProgramme: group((l) => l.programmeName),
		byYear: group((l) => l.year ?? 'non daté'),
		payments
	};
}
