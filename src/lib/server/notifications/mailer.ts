import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mailSettings } from './settings';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
	html: string;
	/** one-click unsubscribe address (RFC 8058) */
	unsubscribeUrl: string;
}

export interface SentMail {
	transport: 'smtp' | 'outbox';
	messageId: string;
	file?: string;
}

/**
 * Sends through nodemailer: to SMTP_URL when set (nodemailer upgrades to STARTTLS when the server
 * offers it), else writes an RFC 5322 .eml file to MAIL_OUTBOX_DIR so a laptop without a mail server
 * can read what would have gone out. Every mail is multipart (text and HTML) with List-Unsubscribe
 * and List-Unsubscribe-Post (one click).
 */
export async function sendMail(mail: OutgoingMail): Promise<SentMail> {
	// Loaded when a mail is sent, not by every thread at start (3.9 MB of heap).
	const { default: nodemailer } = await import('nodemailer');
	const s = mailSettings();
	const message = {
		from: s.from,
		to: mail.to,
		subject: mail.subject,
		text: mail.text,
		html: mail.html,
		headers: {
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
			'Auto-Submitted': 'auto-generated'
		},
		list: { unsubscribe: { url: mail.unsubscribeUrl, comment: 'Se désabonner' } }
	};
	if (s.smtpUrl) {
		const transport = nodemailer.createTransport(s.smtpUrl);
		try {
			const info = await transport.sendMail(message);
			return { transport: 'smtp', messageId: info.messageId };
		} finally {
			transport.close();
		}
	}
	const transport = nodemailer.createTransport({
		streamTransport: true,
		buffer: true,
		newline: 'unix'
	});
	const info = await transport.sendMail(message);
	fs.mkdirSync(s.outboxDir, { recursive: true });
	const safe = mail.to.replace(/[^a-z0-9@._-]/gi, '_');
	const file = path.join(
		s.outboxDir,
		// Two mails to one person in the same millisecond (a digest and a notice) keep both files.
		`${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}-${safe}.eml`
	);
	fs.writeFileSync(file, info.message as Buffer);
	return { transport: 'outbox', messageId: info.messageId, file };
}
