import { Cron } from 'croner';
import type { Db } from '../db';
import { logger } from '../log/logger';
import { todayIso } from '../../domain/dates';
import { isLocalOrigin, mailSettings } from './settings';
import { sendDue } from './send';

let job: Cron | undefined;

/** The hour of the day in Paris (the digest waits for NOTIFICATIONS_AT). */
const parisHour = (now: Date) =>
	Number(
		new Intl.DateTimeFormat('fr-FR', {
			hour: 'numeric',
			hourCycle: 'h23',
			timeZone: 'Europe/Paris'
		}).format(now)
	);

/**
 * Runs the notifications inside the server (croner, Europe/Paris): every hour at NOTIFICATIONS_AT's
 * minute for the grouped notices, and from NOTIFICATIONS_AT's hour on for the week's digests (sent
 * once, on Monday morning, or at the first run after it). NOTIFICATIONS_SCHEDULER=0 leaves it to cron.
 */
export function startNotificationScheduler(db: () => Db): boolean {
	const s = mailSettings();
	if (!s.scheduler) return false;
	if (job) return true;
	// Real mail whose settings and unsubscribe links point to this machine would reach people with
	// dead links (npm start defaults ORIGIN to localhost): nothing is sent until ORIGIN is public.
	if (s.smtpUrl && isLocalOrigin(s.origin)) {
		logger.error(
			{ origin: s.origin },
			'notifications not scheduled: set ORIGIN to the public address (mail links would point to this machine)'
		);
		return false;
	}
	job = new Cron(
		`${s.at.minute} * * * *`,
		{ timezone: 'Europe/Paris', protect: true },
		async () => {
			const now = new Date();
			try {
				const report = await sendDue(db(), {
					date: todayIso(now),
					digests: parisHour(now) >= s.at.hour
				});
				if (report.sent.length || report.failed.length)
					logger.info(
						{ sent: report.sent.length, failed: report.failed.length },
						'notifications sent'
					);
			} catch (e) {
				logger.error({ err: e }, 'notifications run failed');
			}
		}
	);
	return true;
}

export function stopNotificationScheduler(): void {
	job?.stop();
	job = undefined;
}
