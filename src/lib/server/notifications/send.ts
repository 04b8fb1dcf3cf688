import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db';
import { notifications } from '../db/schema';
import { logger } from '../log/logger';
import { digestFor } from './digest';
import { composeDigest, composeNotice } from './compose';
import { sendMail } from './mailer';
import { mailSettings } from './settings';
import { unsubscribeToken, type Subscription } from './tokens';
import { digestSent, lastNotice, noticeEvents, recipients, type Recipient } from './queries';

const HOUR = 3_600_000;
/** Hourly runs drift by a few seconds: a notice sent at the previous run does not block this one. */
const SLACK = 5 * 60_000;
/** A first notice tells of the last week at most (never the history before the person's account). */
const FIRST_NOTICE_LOOKBACK_DAYS = 7;

/** ISO 8601 week of a date: "2026-W49" (weeks start on Monday, week 1 holds the first Thursday). */
export function isoWeek(date: string): string {
	const d = new Date(`${date}T00:00:00Z`);
	// The week's Thursday decides its year.
	d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
	const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
	const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
	return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export interface SendReport {
	date: string;
	dryRun: boolean;
	sent: { to: string; kind: 'digest' | 'notice'; subject: string; file?: string }[];
	skipped: number;
	failed: { to: string; kind: string; error: string }[];
}

/** How long a claim may stay unsettled before a run takes it as abandoned. */
const STALE_CLAIM_MS = HOUR;

function releaseStaleClaims(db: Db, now: number) {
	db.delete(notifications)
		.where(
			and(
				eq(notifications.transport, 'pending'),
				lt(notifications.sentAt, new Date(now - STALE_CLAIM_MS).toISOString())
			)
		)
		.run();
}

function links(db: Db, r: Recipient, what: Subscription) {
	const { origin } = mailSettings();
	return {
		origin,
		settingsUrl: `${origin}/compte#notifications`,
		unsubscribeUrl: `${origin}/notifications/desabonnement?t=${unsubscribeToken(db, r.id, what)}`
	};
}

/**
 * Sends what is due as of `date` (a digest per person for the date's ISO week, once; the notices
 * of events since each person's last one, at most one an hour) and records each mail, so a second
 * run sends nothing. A mail that fails is logged and retried at the next run.
 */
export async function sendDue(
	db: Db,
	options: { date: string; dryRun?: boolean; now?: number; digests?: boolean }
): Promise<SendReport> {
	const { date, dryRun = false, now = Date.now(), digests = true } = options;
	const report: SendReport = { date, dryRun, sent: [], skipped: 0, failed: [] };
	const week = isoWeek(date);
	// In UTC: the hour that repeats when clocks go back in Paris would otherwise collide.
	const hour = new Date(now).toISOString().slice(0, 13);
	// A claim a run never settled (it stopped between claiming and sending) is released: retried now.
	if (!dryRun) releaseStaleClaims(db, now);
	for (const r of recipients(db)) {
		const deliver = async (
			kind: 'digest' | 'notice',
			period: string,
			mail: { subject: string; text: string; html: string },
			unsubscribeUrl: string,
			lastAuditId: number | null
		) => {
			if (dryRun) {
				report.sent.push({ to: r.email, kind, subject: mail.subject });
				return;
			}
			// Claimed before sending: the unique index lets one run only (the server's scheduler and a
			// cron job at once, or two servers) take this person's mail for this period.
			const claim = db
				.insert(notifications)
				.values({
					userId: r.id,
					kind,
					period,
					lastAuditId,
					recipient: r.email,
					subject: mail.subject,
					sentAt: new Date(now).toISOString(),
					transport: 'pending'
				})
				.onConflictDoNothing()
				.returning({ id: notifications.id })
				.get();
			if (!claim) return;
			try {
				const sent = await sendMail({ to: r.email, ...mail, unsubscribeUrl });
				db.update(notifications)
					.set({ transport: sent.transport, messageId: sent.messageId })
					.where(eq(notifications.id, claim.id))
					.run();
				report.sent.push({ to: r.email, kind, subject: mail.subject, file: sent.file });
			} catch (e) {
				// Not sent: the claim is released, the next run tries again.
				db.delete(notifications).where(eq(notifications.id, claim.id)).run();
				logger.error({ err: e, userId: r.id, kind }, 'notification not sent');
				report.failed.push({ to: r.email, kind, error: (e as Error).message });
			}
		};

		if (digests && r.digestEnabled && !digestSent(db, r.id, week)) {
			const sections = digestFor(db, r, date);
			if (sections) {
				const l = links(db, r, 'digest');
				await deliver(
					'digest',
					week,
					composeDigest(r.name, date, sections, l),
					l.unsubscribeUrl,
					null
				);
			} else {
				report.skipped++;
				// Nothing to say this week is an answer too: the person is not examined again every hour
				// until a later day of the week finds something (the digest is Monday's).
				if (!dryRun)
					db.insert(notifications)
						.values({
							userId: r.id,
							kind: 'digest',
							period: week,
							lastAuditId: null,
							recipient: r.email,
							subject: 'Rien à signaler',
							sentAt: new Date(now).toISOString(),
							transport: 'none'
						})
						.onConflictDoNothing()
						.run();
			}
		}

		if (r.noticesEnabled) {
			const last = lastNotice(db, r.id);
			if (last && Date.parse(last.sentAt) > now - HOUR + SLACK) continue;
			const since = new Date(now - FIRST_NOTICE_LOOKBACK_DAYS * 24 * HOUR).toISOString();
			const events = noticeEvents(db, r, last?.lastAuditId ?? 0, since);
			if (events.length) {
				const l = links(db, r, 'notices');
				await deliver(
					'notice',
					hour,
					composeNotice(r.name, events, l, ['chef_de_projet', 'elu'].includes(r.role)),
					l.unsubscribeUrl,
					events[events.length - 1].auditId
				);
			}
		}
	}
	return report;
}
