import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { test, expect, loginAs, hydrated, expectNoAxeViolations, plain } from './fixtures';

const events = (ics: string) =>
	new ICAL.Component(ICAL.parse(ics) as unknown[]).getAllSubcomponents('vevent').map((v) => ({
		summary: String(v.getFirstPropertyValue('summary')),
		start: v.getFirstPropertyValue('dtstart') as ICAL.Time,
		url: String(v.getFirstPropertyValue('url')),
		status: String(v.getFirstPropertyValue('status'))
	}));

/** Runs `npm run notifications:send` as an operator would, on the test server's database. */
function sendNotifications(outbox: string, date: string): string {
	return execFileSync(
		process.execPath,
		['node_modules/tsx/dist/cli.mjs', 'scripts/notifications-send.ts', '--date', date],
		{
			env: {
				...process.env,
				DATABASE_PATH: 'test-results/e2e.db',
				MAIL_OUTBOX_DIR: outbox,
				ORIGIN: 'http://127.0.0.1:4173',
				SMTP_URL: ''
			},
			encoding: 'utf8'
		}
	);
}

test.describe('calendar feeds', () => {
	test('a programme’s milestones subscribe in a calendar application', async ({ request }) => {
		const res = await request.get('/programmes/terre-rouge/jalons.ics');
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
		const list = events(await res.text());
		expect(list.length).toBeGreaterThanOrEqual(8);
		// Planned "T4 2023": an all-day event on the period's last day, titled with the period.
		const step2 = list.find((e) => e.summary.startsWith('Étape 2'))!;
		expect(plain(step2.summary)).toContain('– échéance T4 2023');
		expect(step2.start.isDate).toBe(true);
		expect(step2.start.toString()).toBe('2023-12-31');
		expect(step2.url).toBe('http://127.0.0.1:4173/operations/terre-rouge-tranche-1');
		expect(step2.status).toBe('TENTATIVE');
		// A programme that does not exist has no feed.
		expect((await request.get('/programmes/inconnu/jalons.ics')).status()).toBe(404);
	});

	test('a person’s private feed holds their scope, and stops when revoked', async ({
		page,
		request
	}) => {
		await loginAs(page, 'elu');
		await page.goto('/compte#notifications');
		await hydrated(page);
		const feed = page.getByTestId('calendar-feed');
		await feed.getByRole('button', { name: 'Créer une adresse d’agenda' }).click();
		await expect(feed.getByRole('status')).toContainText('Nouvelle adresse créée');
		const url = (await feed.getByTestId('calendar-url').textContent())!.trim();
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4173\/calendrier\/[A-Za-z0-9_-]{32}\.ics$/);
		await expectNoAxeViolations(page);
		// Read without any session, as a calendar application does.
		const res = await request.get(url);
		expect(res.status()).toBe(200);
		expect(res.headers()['cache-control']).toBe('private, no-store');
		const mine = events(await res.text());
		expect(mine.length).toBeGreaterThan(0);
		// An élu reads every programme: the Terre-Rouge work steps are there.
		expect(mine.some((e) => e.url.endsWith('/operations/terre-rouge-tranche-1'))).toBe(true);
		await feed.getByRole('button', { name: 'Supprimer l’adresse' }).click();
		await expect(feed.getByRole('status')).toContainText('Adresse supprimée');
		expect((await request.get(url)).status()).toBe(404);
	});
});

test.describe('mails', () => {
	test('preferences are the person’s own choice on /compte', async ({ page }) => {
		await loginAs(page, 'departement');
		await page.goto('/compte');
		await hydrated(page);
		const prefs = page.getByTestId('preferences');
		const digest = prefs.getByRole('checkbox', { name: /point hebdomadaire/ });
		await expect(digest).toBeChecked();
		await digest.uncheck();
		const save = prefs.getByRole('button', { name: 'Enregistrer mes choix' });
		await save.focus();
		await page.keyboard.press('Enter');
		await expect(prefs.getByRole('status')).toContainText('Vos choix sont enregistrés.');
		await expect(save).toBeFocused();
		await page.reload();
		await expect(
			page.getByTestId('preferences').getByRole('checkbox', { name: /point hebdomadaire/ })
		).not.toBeChecked();
		await page
			.getByTestId('preferences')
			.getByRole('checkbox', { name: /point hebdomadaire/ })
			.check();
		await page
			.getByTestId('preferences')
			.getByRole('button', { name: 'Enregistrer mes choix' })
			.click();
		await expect(page.getByTestId('preferences').getByRole('status')).toContainText('enregistrés');
	});

	test('the digest lands in the outbox once; its link unsubscribes without signing in', async ({
		page,
		request
	}) => {
		const outbox = path.resolve('test-results', `outbox-${Date.now()}`);
		const first = sendNotifications(outbox, '2026-11-30');
		expect(first).toMatch(/Point hebdomadaire → elu@demo\.grandcahors\.fr/);
		const files = fs.readdirSync(outbox);
		const eluFile = files.find((f) => f.includes('elu@demo.grandcahors.fr'))!;
		const mail = await simpleParser(fs.readFileSync(path.join(outbox, eluFile)));
		expect(plain(mail.subject ?? '')).toBe(
			'Programmes urbains : votre point de la semaine du 30 novembre 2026'
		);
		expect(mail.text).toContain('Jalons à confirmer');
		expect(mail.html).toBeTruthy();
		// A second run for the same date sends nothing.
		expect(sendNotifications(outbox, '2026-11-30')).toContain('0 message envoyé');
		expect(fs.readdirSync(outbox)).toHaveLength(files.length);

		const line = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
		const link = /<(http[^>]+)>/.exec(line.replace(/\s+/g, ''))![1];
		await page.goto(link);
		await expect(page.getByText('Ne plus recevoir le point hebdomadaire du lundi ?')).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('button', { name: 'Me désabonner' }).click();
		await expect(page.getByTestId('unsubscribed')).toContainText('vous ne recevrez plus');

		// A mail client's one-click POST (RFC 8058): no Origin, no cookie, just the signed link.
		const lotFile = files.find((f) => f.includes('lothabitat@demo.grandcahors.fr'))!;
		const lot = await simpleParser(fs.readFileSync(path.join(outbox, lotFile)));
		const lotLink = /<(http[^>]+)>/.exec(
			lot.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\s+/g, '')
		)![1];
		const oneClick = await request.post(lotLink, {
			form: { 'List-Unsubscribe': 'One-Click' },
			headers: { accept: 'application/json' }
		});
		expect(oneClick.status()).toBe(200);
		expect((await oneClick.json()).type).toBe('success');
		// A forged or altered link does nothing.
		const forged = await request.post(
			lotLink.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
			{
				form: { 'List-Unsubscribe': 'One-Click' },
				headers: { accept: 'application/json' }
			}
		);
		expect(await forged.json()).toMatchObject({ type: 'failure', status: 400 });
		// The next week, neither of them gets a digest; the others do.
		const next = sendNotifications(outbox, '2026-12-07');
		expect(next).not.toContain('elu@demo.grandcahors.fr');
		expect(next).not.toContain('lothabitat@demo.grandcahors.fr');
		expect(next).toContain('departement@demo.grandcahors.fr');
	});
});
