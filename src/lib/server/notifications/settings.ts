import path from 'node:path';

/** An origin on this machine: links to it in a mail reach nobody else. */
export function isLocalOrigin(origin: string): boolean {
	try {
		const host = new URL(origin).hostname;
		return (
			host === 'localhost' || host === '[::1]' || host === '0.0.0.0' || host.startsWith('127.')
		);
	} catch {
		return true;
	}
}

/** A DNS name that a mail address may end with (not an IP address, not odd characters). */
const MAIL_DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The host of an origin, for a mail address ("localhost" when it is not a DNS name). */
function mailHost(origin: string): string {
	try {
		const host = new URL(origin).hostname;
		return MAIL_DOMAIN.test(host) ? host : 'localhost';
	} catch {
		return 'localhost';
	}
}

/** Mail and scheduling settings, read each time (tests change them). */
export function mailSettings(env: Record<string, string | undefined> = process.env) {
	const at = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(env.NOTIFICATIONS_AT ?? '07:00');
	const origin = (env.ORIGIN ?? `http://localhost:${env.PORT ?? '3000'}`).replace(/\/+$/, '');
	return {
		/** e.g. smtp://user:pass@smtp.example.fr:587 (STARTTLS when offered); none: .eml files */
		smtpUrl: env.SMTP_URL?.trim() || null,
		/** default: a no-reply address at the public origin's host, which its mail servers answer for */
		from:
			env.MAIL_FROM?.trim() ||
			`Grand Cahors – Programmes urbains <ne-pas-repondre@${mailHost(origin)}>`,
		outboxDir: path.resolve(env.MAIL_OUTBOX_DIR ?? 'data/outbox'),
		/** the public origin links in mails point to */
		origin,
		scheduler: env.NOTIFICATIONS_SCHEDULER !== '0',
		at: at ? { hour: Number(at[1]), minute: Number(at[2]) } : { hour: 7, minute: 0 }
	};
}
