/**
 * Sends the notifications due as of a date: the weekly digests and the grouped event notices.
 * npm run notifications:send -- [--date YYYY-MM-DD] [--dry-run]
 * Idempotent: what was sent is recorded, so a second run sends nothing.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/db';
import { config } from '../src/lib/server/config';
import { isoDate } from '../src/lib/schemas/fields';
import { todayIso } from '../src/lib/domain/dates';
import { countOf, pluralWord } from '../src/lib/domain/numbers';
import { sendDue } from '../src/lib/server/notifications/send';
import { mailSettings } from '../src/lib/server/notifications/settings';

const { values } = parseArgs({
	options: { date: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } }
});
const date = isoDate.safeParse(values.date ?? todayIso());
if (!date.success) {
	console.error(`--date : ${date.error.issues[0].message}`);
	process.exit(2);
}
// Links in mails (settings, unsubscribe) must point to the public site, not to this machine.
if (!process.env.ORIGIN && !values['dry-run']) {
	console.error(
		'ORIGIN n’est pas réglé (ex. ORIGIN=https://tableau.grandcahors.fr) : les liens des messages pointeraient vers cette machine. Rien n’est envoyé.'
	);
	process.exit(2);
}
const db = openDatabase(config.databasePath, {
	migrationsDir: config.migrationsDir,
	dataDir: config.dataDir
});
try {
	const report = await sendDue(db, { date: date.data, dryRun: values['dry-run'] });
	const where = mailSettings().smtpUrl ? 'par SMTP' : `dans ${mailSettings().outboxDir}`;
	for (const m of report.sent)
		console.log(
			`${m.kind === 'digest' ? 'Point hebdomadaire' : 'Avis'} → ${m.to} : ${m.subject}${m.file ? ` (${m.file})` : ''}`
		);
	for (const f of report.failed) console.error(`Échec → ${f.to} (${f.kind}) : ${f.error}`);
	console.log(
		report.dryRun
			? `Essai : ${countOf(report.sent.length, 'message')} ${pluralWord(report.sent.length, 'serait envoyé', 'seraient envoyés')} ; rien n’est envoyé ni enregistré.`
			: `${countOf(report.sent.length, 'message envoyé')} ${where} pour le ${date.data}${report.failed.length ? `, ${countOf(report.failed.length, 'échec')} à reprendre` : ''}.`
	);
	if (report.failed.length) process.exitCode = 1;
} finally {
	db.$client.close();
}
