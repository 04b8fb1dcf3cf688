import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { fundingLines, fundingPayments } from '../db/schema';
import { updateVersioned, type ActorRef } from '../editing/versioned';
import { FieldError, NotFoundError } from '../editing/errors';
import { recordAudit } from '../audit/writer';
import { id, version } from '../../schemas/editing';
import { parseEuros } from '../../domain/money';
import { listFundingLines, type FundingRow } from '../funding/queries';

const date = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date invalide (AAAA-MM-JJ).');

export const paymentSchema = z.object({
	id,
	version,
	paidOn: date,
	amount: z.string().trim().min(1, 'Le montant est obligatoire.').transform((v, ctx) => {
		const c = parseEuros(v);
		if (c === null || c <= 0) {
			ctx.addIssue({ code: 'custom', message: 'Montant positif attendu (exemple : 12 500,00).' });
			return z.NEVER;
		}
		return c;
	})
});
export const commitSchema = z.object({ id, version, committedOn: date });

/** Records a (partial) payment; the line's paid total may never exceed its committed amount. */
export function recordPayment(db: Db, input: z.output<typeof paymentSchema>, actor: ActorRef) {
	return db.transaction((tx) => {
		const line = tx.select().from(fundingLines).where(eq(fundingLines.id, input.id)).get();
		if (!line) throw new NotFoundError('funding_line');
		if (line.status !== 'committed' && line.status !== 'paid') throw new FieldError({ amount: 'Confirmez d’abord l’engagement de cette ligne.' });
		const paid = line.paidCents + input.amount;
		if (paid > line.amountCents) throw new FieldError({ amount: `Le total versé dépasserait le montant engagé (reste à verser : ${((line.amountCents - line.paidCents) / 100).toFixed(2).replace('.', ',')} €).` });
		const payment = tx.insert(fundingPayments).values({ fundingLineId: line.id, paidOn: input.paidOn, amountCents: input.amount, createdBy: actor.id, createdAt: new Date().toISOString() }).returning().get();
		recordAudit(tx, { userId: actor.id, actor: actor.name, entityType: 'funding_payment', entityId: payment.id, operation: 'create', after: payment });
		return updateVersioned(tx, fundingLines, 'funding_line', line.id, input.version, { paidCents: paid, paidOn: input.paidOn, status: paid === line.amountCents ? 'paid' : 'committed' }, actor);
	});
}

/** Confirms a planned or requested line as committed, dated. */
export function confirmCommitment(db: Db, input: z.output<typeof commitSchema>, actor: ActorRef) {
	return db.transaction((tx) => {
		const line = tx.select().from(fundingLines).where(eq(fundingLines.id, input.id)).get();
		if (!line) throw new NotFoundError('funding_line');
		if (line.status === 'committed' || line.status === 'paid') throw new FieldError({ committedOn: 'Cette ligne est déjà engagée.' });
		return updateVersioned(tx, fundingLines, 'funding_line', line.id, input.version, { status: 'committed', committedOn: input.committedOn }, actor);
	});
}

export interface PortalLine extends FundingRow {
	remainingCents: number;
	committedCents: number;
	year: string | null;
}

/** An organisation's lines across programmes, with totals by status, year and programme. */
export function portal(db: Db, organisationId: number) {
	const lines: PortalLine[] = listFundingLines(db, { organisationId }).map((l) => {
		const committed = l.status === 'committed' || l.status === 'paid' ? l.amountCents : 0;
		const paid = l.status === 'paid' && l.paidCents === 0 ? l.amountCents : l.paidCents;
		return { ...l, paidCents: paid, committedCents: committed, remainingCents: committed - paid, year: (l.committedOn ?? l.paidOn)?.slice(0, 4) ?? null };
	});
	const sum = (ls: PortalLine[]) => ({
		plannedCents: ls.filter((l) => l.status === 'planned').reduce((s, l) => s + l.amountCents, 0),
		requestedCents: ls.filter((l) => l.status === 'requested').reduce((s, l) => s + l.amountCents, 0),
		committedCents: ls.reduce((s, l) => s + l.committedCents, 0),
		paidCents: ls.reduce((s, l) => s + l.paidCents, 0),
		remainingCents: ls.reduce((s, l) => s + l.remainingCents, 0),
		totalCents: ls.reduce((s, l) => s + l.amountCents, 0)
	});
	const group = (key: (l: PortalLine) => string) => [...new Set(lines.map(key))].map((k) => ({ key: k, ...sum(lines.filter((l) => key(l) === k)) }));
	const payments = lines.length
		? db.all<{ fundingLineId: number; paidOn: string; amountCents: number }>(sql`
			select funding_line_id as fundingLineId, paid_on as paidOn, amount_cents as amountCents from funding_payments
			where funding_line_id in ${lines.map((l) => l.id)} order by paid_on`)
		: [];
	return { lines, totals: sum(lines), byProgramme: group((l) => l.programmeName), byYear: group((l) => l.year ?? 'non daté'), payments };
}
