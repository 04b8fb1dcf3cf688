import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { seededDb } from './helpers';
import type { Db } from '../src/lib/server/db';
import { ensureDemoAccounts, createUser } from '../src/lib/server/users/commands';
import { sendDue, isoWeek } from '../src/lib/server/notifications/send';
import { readUnsubscribeToken } from '../src/lib/server/notifications/tokens';
import { setSubscriptions, UNSUBSCRIBE_CHANGE } from '../src/lib/server/notifications/preferences';
import { caseSchema, createCase } from '../src/lib/server/relocation/cases';
import { addDecision, updateMilestone } from '../src/lib/server/editing/commands';
import { confirmCommitment } from '../src/lib/server/partners/portal';
import { buildCalendar, feedMilestones } from '../src/lib/server/notifications/calendar';
import { listDecisions } from '../src/lib/server/dashboard/decisions';
import {
	startNotificationScheduler,
	stopNotificationScheduler
} from '../src/lib/server/notifications/scheduler';
import { isLocalOrigin, mailSettings } from '../src/lib/server/notifications/settings';
import { recordFailedSignIn } from '../src/lib/server/auth/throttle';

/** A real SMTP server in the test process: every mail the app sends lands here, parsed. */
let server: SMTPServer;
let inbox: ParsedMail[] = [];
beforeAll(async () => {
	server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, done) {
			simpleParser(stream)
				.then((mail) => {
					inbox.push(mail);
					done();
				})
				.catch(done);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
	process.env.ORIGIN = 'https://tableau.example.fr';
	process.env.MAIL_FROM = 'Grand Cahors <programmes@example.fr>';
});
afterAll(async () => {
	delete process.env.SMTP_URL;
	delete process.env.ORIGIN;
	delete process.env.MAIL_FROM;
	await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
	inbox = [];
});

const to = (m: ParsedMail) =>
	(Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value.map((v) => v.address));
const mailFor = (email: string) => inbox.find((m) => to(m).includes(email));
const noticeFor = (email: string) =>
	inbox.find((m) => to(m).includes(email) && /vous concerne/.test(m.subject ?? ''));
/** French formatting's no-break spaces read as spaces. */
const plain = (s: string | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');
const id = (db: Db, table: string, where: ReturnType<typeof sql>) =>
	db.get<{ id: number }>(sql`select id from ${sql.raw(table)} where ${where}`).id;

async function demo() {
	const db = seededDb();
	await ensureDemoAccounts(db);
	// A household waiting since long before the threshold: its officer is told the count, never the code.
	const op = id(db, 'operations', sql`slug = 'terre-rouge-tranches-2-3'`);
	createCase(
		db,
		op,
		[op],
		caseSchema.parse({
			code: 'M-917',
			householdSize: '3',
			building: '',
			staircase: '',
			diagnosisOn: '2025-01-15',
			solutionType: '',
			landlord: '',
			proposalsMade: '0',
			proposalsRefused: '0',
			proposalAcceptedOn: '',
			movedOn: '',
			returnedOn: '',
			closedOn: ''
		}),
		{ id: null, name: 'Chargée de relogement' }
	);
	return db;
}

describe('the weekly digest, through a real SMTP server', () => {
	it('reaches each concerned role with what its scope lets it read, in French, once', async () => {
		const db = await demo();
		const report = await sendDue(db, { date: '2026-11-30' });
		expect(report.failed).toEqual([]);
		const recipients = inbox.flatMap(to).sort();
		expect(recipients).toEqual(
			[
				'chef@demo.grandcahors.fr',
				'departement@demo.grandcahors.fr',
				'elu@demo.grandcahors.fr',
				'lothabitat@demo.grandcahors.fr',
				'relogement@demo.grandcahors.fr'
			].sort()
		);
		// Nothing to say to the administrator: no mail.
		expect(mailFor('admin@demo.grandcahors.fr')).toBeUndefined();

		const elu = mailFor('elu@demo.grandcahors.fr')!;
		expect(elu.subject).toBe(
			'Programmes urbains\u00a0: votre point de la semaine du 30 novembre 2026'
		);
		expect(elu.text).toContain('Jalons à confirmer (7)');
		expect(elu.text).toContain('https://tableau.example.fr/operations/terre-rouge-tranche-1');
		expect(elu.html).toContain('<html lang="fr">');
		expect(elu.html).toContain('<h2');
		expect(elu.text).toContain('https://tableau.example.fr/compte#notifications');

		// A project manager hears of its programmes only (not Terre-Rouge's milestones).
		const chef = mailFor('chef@demo.grandcahors.fr')!;
		expect(chef.text).toContain('Contrat de ville');
		expect(chef.text).not.toContain('terre-rouge-tranche-1');

		// A partner sees its own lines, never another partner's.
		const lot = plain(mailFor('lothabitat@demo.grandcahors.fr')!.text);
		expect(lot).toContain('Lignes en attente d’engagement');
		expect(lot).toContain('861 641 €');
		for (const other of ['2 809 307', '144 000', '720 000', 'Banque des Territoires'])
			expect(lot).not.toContain(other);
		const dep = plain(mailFor('departement@demo.grandcahors.fr')!.text);
		expect(dep).toContain('144 000 €');
		expect(dep).not.toContain('861 641');

		// The relocation officer gets a count, never a household's code.
		const rel = mailFor('relogement@demo.grandcahors.fr')!;
		expect(plain(rel.text)).toContain('1 ménage attend depuis plus de 240 jours');
		expect(`${rel.text}${rel.html}${rel.subject}`).not.toContain('M-917');

		// One-click unsubscribe (RFC 8058) with a signed link that works without signing in.
		const raw = (key: string) => elu.headerLines.find((h) => h.key === key)?.line ?? '';
		const url = /<(https:[^>]+)>/.exec(raw('list-unsubscribe').replace(/\s+/g, ''))?.[1] ?? '';
		expect(url).toMatch(/^https:\/\/tableau\.example\.fr\/notifications\/desabonnement\?t=/);
		expect(raw('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
		const token = new URL(url).searchParams.get('t')!;
		const holder = readUnsubscribeToken(db, token)!;
		expect(holder.what).toBe('digest');
		expect(
			readUnsubscribeToken(
				db,
				token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
			)
		).toBeNull();
		expect(readUnsubscribeToken(db, token, Date.now() + 61 * 86_400_000)).toBeNull();

		// What was sent is recorded: a second run sends nothing.
		inbox = [];
		const again = await sendDue(db, { date: '2026-11-30' });
		expect(again.sent).toEqual([]);
		expect(inbox).toEqual([]);
		const recorded = (transport: string) =>
			db.get<{ n: number }>(
				sql`select count(*) as n from notifications where kind = 'digest' and period = ${isoWeek('2026-11-30')} and transport ${transport === 'none' ? sql`=` : sql`<>`} 'none'`
			).n;
		expect(recorded('sent')).toBe(5);
		// The administrator had nothing to say: recorded, so a later day of the week does not send
		// the digest that was Monday's (even once something comes up).
		expect(recorded('none')).toBe(1);
		expect(report.skipped).toBe(1);
		for (let i = 0; i < 5; i++)
			recordFailedSignIn(db, 'chef@demo.grandcahors.fr', Date.parse('2026-12-02T10:00:00Z'));
		const thursday = await sendDue(db, { date: '2026-12-03' });
		expect(thursday.sent.filter((m) => m.kind === 'digest')).toEqual([]);

		// Unsubscribed, the next week brings no digest to that person; the change is audited.
		setSubscriptions(db, holder.userId, UNSUBSCRIBE_CHANGE[holder.what], {
			id: null,
			name: 'Lien de désabonnement d’un message'
		});
		// The same link used again writes nothing more (no audit row).
		const audits = () =>
			db.get<{ n: number }>(
				sql`select count(*) as n from audit_log where entity_type = 'user' and entity_id = ${holder.userId}`
			).n;
		const once = audits();
		setSubscriptions(db, holder.userId, UNSUBSCRIBE_CHANGE[holder.what], {
			id: null,
			name: 'Lien de désabonnement d’un message'
		});
		expect(audits()).toBe(once);
		await sendDue(db, { date: '2026-12-07' });
		expect(mailFor('elu@demo.grandcahors.fr')).toBeUndefined();
		expect(mailFor('chef@demo.grandcahors.fr')).toBeDefined();
		expect(
			db.get<{ actor: string }>(
				sql`select actor from audit_log where entity_type = 'user' and entity_id = ${holder.userId} order by id desc limit 1`
			).actor
		).toBe('Lien de désabonnement d’un message');
	});

	it('the administrators’ digest counts accounts with repeated failed sign-ins, not attempts', async () => {
		const db = await demo();
		const chef = 'chef@demo.grandcahors.fr';
		const at = (iso: string) => Date.parse(iso);
		// 5 failures over two days of the past week: counted once, as one account.
		for (const t of ['2026-12-02T10:00:00Z', '2026-12-02T10:05:00Z', '2026-12-03T08:00:00Z'])
			recordFailedSignIn(db, chef, at(t));
		recordFailedSignIn(db, chef, at('2026-12-05T08:00:00Z'));
		recordFailedSignIn(db, chef, at('2026-12-06T23:00:00Z'));
		// 4 failures are a typing error, not an alert; an e-mail that is no account leaves nothing;
		// Monday's own failures wait for next week; older ones are not counted.
		for (let i = 0; i < 4; i++)
			recordFailedSignIn(db, 'elu@demo.grandcahors.fr', at('2026-12-04T09:00:00Z'));
		recordFailedSignIn(db, 'personne@nulle-part.fr', at('2026-12-02T10:06:00Z'));
		for (let i = 0; i < 5; i++) {
			recordFailedSignIn(db, 'admin@demo.grandcahors.fr', at('2026-11-20T10:00:00Z'));
			recordFailedSignIn(db, 'lothabitat@demo.grandcahors.fr', at('2026-12-07T06:00:00Z'));
		}
		expect(
			db.get<{ n: number }>(
				sql`select sum(failures) as n from login_failures where user_id = (select id from users where email = ${chef})`
			).n
		).toBe(5);
		await sendDue(db, { date: '2026-12-07' });
		const mail = mailFor('admin@demo.grandcahors.fr');
		expect(mail?.text).toContain(
			'1 compte avec au moins 5 échecs de connexion ces 7 derniers jours'
		);
		expect(mail?.text).toContain('/admin/utilisateurs');
		expect(mail?.text).not.toContain(chef);
		// Failures are kept 90 days, then forgotten.
		recordFailedSignIn(db, chef, at('2027-03-10T08:00:00Z'));
		expect(db.all(sql`select distinct day from login_failures order by day`)).toEqual([
			{ day: '2027-03-10' }
		]);
	});

	it('two runs at once send each mail once', async () => {
		const db = await demo();
		const [a, b] = await Promise.all([
			sendDue(db, { date: '2026-11-30' }),
			sendDue(db, { date: '2026-11-30' })
		]);
		expect(a.sent.length + b.sent.length).toBe(5);
		expect(inbox).toHaveLength(5);
	});

	it('a dry run sends and records nothing', async () => {
		const db = await demo();
		const report = await sendDue(db, { date: '2026-11-30', dryRun: true });
		expect(report.sent.length).toBe(5);
		expect(inbox).toEqual([]);
		expect(db.get<{ n: number }>(sql`select count(*) as n from notifications`).n).toBe(0);
	});

	it('a private feed holds its owner’s scope only', async () => {
		const db = await demo();
		const cdv = id(db, 'programmes', sql`slug = 'contrat-de-ville'`);
		const tr = id(db, 'programmes', sql`slug = 'terre-rouge'`);
		const lot = id(db, 'organisations', sql`slug = 'lot-habitat'`);
		const dep = id(db, 'organisations', sql`slug = 'departement-lot'`);
		expect(
			feedMilestones(db, { kind: 'programmes', ids: [cdv] }).some((m) =>
				m.href.includes('terre-rouge')
			)
		).toBe(false);
		expect(feedMilestones(db, { kind: 'programmes', ids: [tr] }).length).toBeGreaterThanOrEqual(8);
		expect(feedMilestones(db, { kind: 'lead', organisationId: lot }).length).toBeGreaterThanOrEqual(
			8
		);
		expect(feedMilestones(db, { kind: 'lead', organisationId: dep })).toEqual([]);
		const ics = buildCalendar(
			'Test',
			'https://tableau.example.fr',
			feedMilestones(db, { kind: 'programmes', ids: [tr] }),
			[]
		);
		expect(ics).toContain('DTSTART;VALUE=DATE:20231231');
		expect(plain(ics)).toContain('Étape 2 : bâtiment C');
	});

	it('a decision about no action links to its programme’s decisions, in the digest and the feed', async () => {
		const db = await demo();
		const tr = id(db, 'programmes', sql`slug = 'terre-rouge'`);
		addDecision(
			db,
			tr,
			[],
			{ decidedOn: '2026-11-26', body: 'COPIL', text: 'Calendrier des tranches validé' },
			{ id: null, name: 'Test' }
		);
		const [decision] = listDecisions(db, { programme: 'terre-rouge' });
		expect(decision.href).toBe('/?programme=terre-rouge#decisions');
		const ics = buildCalendar('Test', 'https://tableau.example.fr', [], [decision]);
		expect(plain(ics)).toContain(
			'URL;VALUE=URI:https://tableau.example.fr/?programme=terre-rouge#decisions'
		);
		await sendDue(db, { date: '2026-11-30' });
		const mail = mailFor('elu@demo.grandcahors.fr');
		expect(mail?.text).toContain('Calendrier des tranches validé');
		expect(mail?.html).toContain('/?programme=terre-rouge#decisions');
	});

	it('ISO weeks start on Monday', () => {
		expect(isoWeek('2026-11-30')).toBe('2026-W49');
		expect(isoWeek('2026-12-06')).toBe('2026-W49');
		expect(isoWeek('2027-01-01')).toBe('2026-W53');
		expect(isoWeek('2021-01-03')).toBe('2020-W53');
	});
});

describe('event notices', () => {
	it('tell the people concerned of what others did, grouped, at most one an hour', async () => {
		const db = await demo();
		const t0 = Date.now();
		// Digests out of the way: only notices below.
		await sendDue(db, { date: '2026-11-30', now: t0 });
		inbox = [];
		const { user: chefTr } = await createUser(
			db,
			{
				email: 'chef-tr@x.fr',
				name: 'Cheffe Terre-Rouge',
				role: 'chef_de_projet',
				programmes: ['terre-rouge']
			},
			{ name: 't' }
		);
		const admin = { id: 1, name: 'Administratrice' };
		// Someone else moves a milestone Lot Habitat is responsible for.
		const m = db.get<{ id: number; version: number; title: string }>(
			sql`select m.id, m.version, m.title from milestones m join operations o on o.id = m.operation_id
				where o.slug = 'terre-rouge-tranche-1' and m.title like 'Étape 3%'`
		);
		updateMilestone(
			db,
			{
				id: m.id,
				version: m.version,
				title: m.title,
				plannedDate: '2027-01-01',
				plannedPrecision: 'quarter',
				status: 'planned',
				actualDate: null,
				slipReason: 'Report du chantier'
			},
			admin
		);
		// The Département commits its line on Terre-Rouge: the programme's project manager is told.
		const dep = db.get<{ id: number; userId: number }>(
			sql`select id, (select id from users where email = 'departement@demo.grandcahors.fr') as userId from funding_lines where organisation_id = (select id from organisations where slug = 'departement-lot')`
		);
		const line = db.get<{ version: number }>(
			sql`select version from funding_lines where id = ${dep.id}`
		);
		confirmCommitment(
			db,
			{ id: dep.id, version: line.version, committedOn: '2026-11-20' },
			{ id: dep.userId, name: 'Département du Lot (démo)' }
		);

		await sendDue(db, { date: '2026-11-30', now: t0 + 2 * 3_600_000 });
		const lot = noticeFor('lothabitat@demo.grandcahors.fr')!;
		expect(lot.subject).toMatch(/changement/);
		expect(lot.text).toContain('Jalons dont vous êtes responsables, déplacés par d’autres');
		expect(lot.text).toContain('Étape 3');
		// A partner reads a role or an organisation, never a staff member's name.
		expect(lot.text).not.toContain('Administratrice');
		const cheffe = noticeFor('chef-tr@x.fr')!;
		expect(cheffe.text).toContain('Engagements et versements des partenaires');
		expect(cheffe.text).toContain('Département du Lot (démo)');
		// The Département made the change itself: no notice to it about it.
		expect(noticeFor('departement@demo.grandcahors.fr')).toBeUndefined();
		expect(chefTr.id).toBeGreaterThan(0);

		// A new event within the hour waits; after the hour it comes, grouped.
		inbox = [];
		const m2 = db.get<{ version: number }>(sql`select version from milestones where id = ${m.id}`);
		updateMilestone(
			db,
			{
				id: m.id,
				version: m2.version,
				title: m.title,
				plannedDate: '2027-04-01',
				plannedPrecision: 'quarter',
				status: 'planned',
				actualDate: null,
				slipReason: 'Nouveau report'
			},
			admin
		);
		await sendDue(db, { date: '2026-11-30', now: t0 + 2 * 3_600_000 + 10 * 60_000 });
		expect(noticeFor('lothabitat@demo.grandcahors.fr')).toBeUndefined();
		await sendDue(db, { date: '2026-11-30', now: t0 + 3 * 3_600_000 + 60_000 });
		expect(noticeFor('lothabitat@demo.grandcahors.fr')!.text).toContain('T2 2027');
	});
});

describe('runs that went wrong, and a server not yet configured', () => {
	it('a claim a stopped run left unsettled is released and the mail sent at the next run', async () => {
		const db = await demo();
		const elu = id(db, 'users', sql`email = 'elu@demo.grandcahors.fr'`);
		db.$client
			.prepare(
				`insert into notifications (user_id, kind, period, recipient, subject, sent_at, transport)
				values (?, 'digest', ?, 'elu@demo.grandcahors.fr', 'x', ?, 'pending')`
			)
			.run(elu, isoWeek('2026-11-30'), new Date(Date.now() - 2 * 3_600_000).toISOString());
		const report = await sendDue(db, { date: '2026-11-30' });
		expect(report.sent.map((m) => m.to)).toContain('elu@demo.grandcahors.fr');
		expect(mailFor('elu@demo.grandcahors.fr')).toBeDefined();
		// a claim being sent right now (recent) is left alone
		const chef = id(db, 'users', sql`email = 'chef@demo.grandcahors.fr'`);
		db.$client
			.prepare(
				`insert into notifications (user_id, kind, period, recipient, subject, sent_at, transport)
				values (?, 'digest', ?, 'chef@demo.grandcahors.fr', 'x', ?, 'pending')`
			)
			.run(chef, isoWeek('2026-12-07'), new Date().toISOString());
		inbox = [];
		await sendDue(db, { date: '2026-12-07' });
		expect(mailFor('chef@demo.grandcahors.fr')).toBeUndefined();
	});

	it('the server sends no real mail while ORIGIN is this machine', () => {
		expect(isLocalOrigin('http://localhost:3000')).toBe(true);
		expect(isLocalOrigin('http://127.0.0.1:4173')).toBe(true);
		expect(isLocalOrigin('https://tableau.grandcahors.fr')).toBe(false);
		const origin = process.env.ORIGIN;
		try {
			process.env.NOTIFICATIONS_SCHEDULER = '1';
			process.env.ORIGIN = 'http://localhost:3000';
			expect(startNotificationScheduler(() => seededDb())).toBe(false);
			process.env.ORIGIN = origin;
			expect(startNotificationScheduler(() => seededDb())).toBe(true);
		} finally {
			stopNotificationScheduler();
			process.env.ORIGIN = origin;
			delete process.env.NOTIFICATIONS_SCHEDULER;
		}
	});

	it('mails come from a no-reply address at the public host unless MAIL_FROM says otherwise', () => {
		expect(mailSettings({ ORIGIN: 'https://tableau.grandcahors.fr/' }).from).toBe(
			'Grand Cahors – Programmes urbains <ne-pas-repondre@tableau.grandcahors.fr>'
		);
		for (const origin of [
			'pas une adresse',
			'http://[::1]:3000',
			'http://10.0.0.4',
			'http://a,b.fr'
		])
			expect(mailSettings({ ORIGIN: origin }).from, origin).toContain(
				'<ne-pas-repondre@localhost>'
			);
		expect(mailSettings({ ORIGIN: 'https://user@Tableau.Grandcahors.fr:8443/x' }).from).toContain(
			'<ne-pas-repondre@tableau.grandcahors.fr>'
		);
		expect(
			mailSettings({
				ORIGIN: 'https://tableau.grandcahors.fr',
				MAIL_FROM: ' Mairie <m@cahors.fr> '
			}).from
		).toBe('Mairie <m@cahors.fr>');
	});
});
