import { getDocumentProxy, extractText } from 'unpdf';
import {
	test,
	expect,
	expectNoAxeViolations,
	loginAs,
	clientAs,
	plain,
	hydrated,
	pageData,
	ACCOUNTS,
	DEMO_PASSWORD,
	type Who
} from './fixtures';

type Expect = Partial<Record<Who | 'anonyme', number>>;
const ALL: (Who | 'anonyme')[] = [
	'anonyme',
	'admin',
	'chef',
	'elu',
	'lotHabitat',
	'departement',
	'relogement'
];
let n = 0;
const unique = () => `Jalon de test ${Date.now()}-${++n}`;

/** role × route × expected status, driven over HTTP like a browser without JavaScript. */
const MATRIX: {
	name: string;
	method: 'GET' | 'POST';
	url: string;
	form?: () => Record<string, string>;
	expect: Expect;
}[] = [
	{
		name: 'admin users page',
		method: 'GET',
		url: '/admin/utilisateurs',
		expect: {
			anonyme: 401,
			admin: 200,
			chef: 403,
			elu: 403,
			lotHabitat: 403,
			departement: 403,
			relogement: 403
		}
	},
	{
		name: 'admin journal',
		method: 'GET',
		url: '/admin/journal',
		expect: {
			anonyme: 401,
			admin: 200,
			chef: 403,
			elu: 403,
			lotHabitat: 403,
			departement: 403,
			relogement: 403
		}
	},
	{
		name: 'public action page',
		method: 'GET',
		url: '/programmes/contrat-de-ville/actions/5',
		expect: {
			anonyme: 200,
			admin: 200,
			chef: 200,
			elu: 200,
			lotHabitat: 200,
			departement: 200,
			relogement: 200
		}
	},
	{
		name: 'note on a Contrat de ville action',
		method: 'POST',
		url: '/programmes/contrat-de-ville/actions/5?/addNote',
		form: () => ({ text: 'Note de test' }),
		expect: {
			anonyme: 401,
			admin: 200,
			chef: 200,
			elu: 403,
			lotHabitat: 403,
			departement: 403,
			relogement: 403
		}
	},
	{
		name: 'milestone on Terre-Rouge tranche 1 (led by Lot Habitat)',
		method: 'POST',
		url: '/operations/terre-rouge-tranche-1?/addMilestone',
		form: () => ({
			title: unique(),
			plannedDate: '2026-06-01',
			plannedPrecision: 'month',
			status: 'planned'
		}),
		expect: {
			anonyme: 401,
			admin: 200,
			chef: 403,
			elu: 403,
			lotHabitat: 200,
			departement: 403,
			relogement: 403
		}
	},
	{
		name: 'funding line on Terre-Rouge tranche 1',
		method: 'POST',
		url: '/operations/terre-rouge-tranche-1?/addFunding',
		form: () => ({
			organisation: 'departement-lot',
			label: 'Test',
			kind: 'subsidy',
			amount: '10',
			tax: 'TTC',
			status: 'planned',
			plannedOn: '',
			requestedOn: '',
			committedOn: '',
			paidOn: ''
		}),
		expect: {
			anonyme: 401,
			admin: 200,
			chef: 403,
			elu: 403,
			lotHabitat: 403,
			departement: 403,
			relogement: 403
		}
	}
];

test.describe('authorisation matrix', () => {
	for (const row of MATRIX) {
		test(row.name, async ({ baseURL }) => {
			for (const who of ALL) {
				const expected = row.expect[who];
				if (expected === undefined) continue;
				const client = await clientAs(baseURL!, who);
				const res =
					row.method === 'GET'
						? await client.get(row.url, { maxRedirects: 0 })
						: await client.post(row.url, { form: row.form!(), maxRedirects: 0 });
				expect(res.status(), `${who} ${row.method} ${row.url}`).toBe(expected);
				await client.dispose();
			}
		});
	}

	test('a form post from another origin is refused', async ({ playwright, baseURL }) => {
		const ctx = await playwright.request.newContext({
			baseURL,
			extraHTTPHeaders: { origin: 'https://malveillant.example' }
		});
		const res = await ctx.post('/programmes/contrat-de-ville/actions/5?/addNote', {
			form: { text: 'x' }
		});
		expect(res.status()).toBe(403);
		await ctx.dispose();
	});
});

test.describe('roles that make sense', () => {
	test('each role’s menu shows its pages', async ({ page }) => {
		await loginAs(page, 'relogement');
		await page.getByRole('link', { name: 'Relogement', exact: true }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('relogement');
		await page.getByRole('button', { name: 'Se déconnecter' }).click();
		await loginAs(page, 'chef');
		await expect(page.getByRole('link', { name: 'Importer', exact: true })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Dossiers OPAH-RU' })).toBeVisible();
	});

	test('a page that needs sign-in offers it and comes back after', async ({ page }) => {
		const res = await page.goto('/operations/terre-rouge-residence/relogement');
		expect(res?.status()).toBe(401);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion nécessaire');
		await page.getByTestId('sign-in-link').click();
		await expect(page).toHaveURL(/\/connexion\?redirectTo=/);
		await hydrated(page);
		await page.getByLabel('Adresse e-mail').fill(ACCOUNTS.relogement);
		await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page).toHaveURL(/\/operations\/terre-rouge-residence\/relogement$/);
		await expectNoAxeViolations(page);
	});

	test('a project manager who cannot edit a record is told why and by whom', async ({ page }) => {
		await loginAs(page, 'chef');
		await page.goto('/operations/terre-rouge-tranche-1');
		const why = page.getByTestId('edit-refusal');
		await expect(why).toContainText('Votre compte n’est pas rattaché au programme');
		await expect(why).toContainText('Lot Habitat');
		await expect(why).toContainText('administrateur');
		// On a record of their programme, the edit form and no refusal.
		await page.goto('/programmes/contrat-de-ville/actions/5');
		await expect(page.getByTestId('edit-refusal')).toHaveCount(0);
		await expect(page.getByText('Modifier l’action')).toBeVisible();
	});

	test('an administrator changes an existing account’s role, organisation and programmes', async ({
		page
	}) => {
		await loginAs(page, 'admin');
		await page.goto('/admin/utilisateurs');
		await hydrated(page);
		const email = `acces-${Date.now()}@demo.grandcahors.fr`;
		const create = page.getByTestId('create-account');
		await create.getByLabel('Adresse e-mail').fill(email);
		await create.getByLabel('Nom').fill('Compte à modifier');
		const createButton = page.getByRole('button', { name: 'Créer le compte' });
		await createButton.focus();
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('created')).toContainText(email);
		await expect(page.getByTestId('access-status')).toContainText(`Compte créé pour ${email}`);
		await expect(createButton).toBeFocused();
		await expect(create.getByLabel('Adresse e-mail')).toHaveValue('');
		const row = page.getByRole('row').filter({ hasText: email });
		await row.getByText('Modifier l’accès').click();
		const form = page.getByTestId(`access-${email}`);
		await form.getByLabel('Rôle').selectOption('chef_de_projet');
		await form.getByRole('checkbox', { name: /Terre-Rouge/ }).check();
		const save = form.getByRole('button', { name: /Enregistrer l’accès/ });
		await save.focus();
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('access-status')).toContainText(`Accès du compte ${email}`);
		await expect(row).toContainText('Chef de projet');
		await expect(row).toContainText('Terre-Rouge');
		await expect(save).toBeFocused();
		await expectNoAxeViolations(page);
		// Deactivating is said in the same live region, and the button keeps focus.
		const toggle = row.getByRole('button', { name: `Désactiver ${email}` });
		await toggle.focus();
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('access-status')).toHaveText(`Compte ${email} désactivé.`);
		await expect(row).toContainText('Désactivé');
		await expect(row.getByRole('button', { name: `Réactiver ${email}` })).toBeFocused();
	});
});

test.describe('editing through the pages', () => {
	test('a chef de projet updates an action; the history and the dashboard show it', async ({
		page
	}) => {
		await loginAs(page, 'chef');
		await page.goto('/programmes/contrat-de-ville/actions/15');
		await hydrated(page);
		await page.getByText('Modifier l’action').click();
		const form = page.getByTestId('record-form');
		await form.getByLabel('État').selectOption('en_cours');
		await form.getByLabel('Avancement (%)').fill('25');
		await form.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(page.getByText('Modifications enregistrées.')).toBeVisible();
		await expect(page.locator('dl.facts')).toContainText('En cours');
		await expect(page.locator('dl.facts')).toContainText('25 %');
		const history = page.getByTestId('history');
		await expect(history.locator('tbody tr').first()).toContainText('Chef de projet (démo)');
		await expect(history.locator('tbody tr').first()).toContainText(
			'Avancement : non renseigné → 25 %'
		);
		await expectNoAxeViolations(page);

		await page.goto('/programmes/contrat-de-ville');
		await expect(page.getByTestId('history')).toContainText('Avancement : non renseigné → 25 %');
		await page.goto('/');
		await expect(page.getByTestId('changes-status')).toContainText(
			'État : Non renseigné → En cours'
		);
		await expect(page.getByTestId('changes-progress')).toContainText(
			'Avancement : non renseigné → 25 %'
		);
	});

	test('a project manager adds an internal note: it is said, listed, and the box is emptied', async ({
		page
	}) => {
		await loginAs(page, 'chef');
		// Arrived by the skip link ("#contenu" in the address), as keyboard users do.
		await page.goto('/programmes/contrat-de-ville/actions/16#contenu');
		await hydrated(page);
		const text = `Point d’étape du ${Date.now()}`;
		await page.getByLabel('Nouvelle note').fill(text);
		const add = page.getByRole('button', { name: 'Ajouter la note' });
		await add.focus();
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('note-status')).toHaveText('Note ajoutée.');
		await expect(page.getByTestId('notes')).toContainText(text);
		await expect(page.getByLabel('Nouvelle note')).toHaveValue('');
		await expect(add).toBeFocused();
		// SvelteKit moves the focus to the fragment on a timer after a save: it is put back.
		await page.waitForTimeout(300);
		await expect(add).toBeFocused();
	});

	test('two people editing the same action cannot overwrite each other', async ({ browser }) => {
		const chefCtx = await browser.newContext();
		const adminCtx = await browser.newContext();
		const chef = await chefCtx.newPage();
		const admin = await adminCtx.newPage();
		await loginAs(chef, 'chef');
		await loginAs(admin, 'admin');
		for (const p of [chef, admin]) {
			await p.goto('/programmes/contrat-de-ville/actions/7');
			await hydrated(p);
			await p.getByText('Modifier l’action').click();
		}
		await admin.getByTestId('record-form').getByLabel('Avancement (%)').fill('10');
		await admin.getByTestId('record-form').getByRole('button', { name: 'Enregistrer' }).click();
		await expect(admin.getByText('Modifications enregistrées.')).toBeVisible();

		await chef.getByTestId('record-form').getByLabel('Avancement (%)').fill('20');
		await chef.getByTestId('record-form').getByRole('button', { name: 'Enregistrer' }).click();
		const conflict = chef.getByTestId('conflict');
		await expect(conflict).toContainText('Enregistrement refusé');
		await expect(conflict).toContainText('Administratrice (démo)');
		await expect(conflict).toContainText('Avancement : non renseigné → 10 %');
		await expect(chef.getByTestId('record-form').getByLabel('Avancement (%)')).toHaveValue('20');
		await chef.reload();
		await expect(chef.locator('dl.facts')).toContainText('10 %');
		await chefCtx.close();
		await adminCtx.close();
	});

	test('bad input is refused next to the field, what was typed is kept, nothing is saved', async ({
		page
	}) => {
		await loginAs(page, 'chef');
		await page.goto('/programmes/contrat-de-ville/actions/12');
		await hydrated(page);
		const before = await page.getByTestId('milestones-table').count();
		await page.getByText('Ajouter un jalon').click();
		const form = page.getByTestId('milestone-new');
		await form.getByLabel('Intitulé').fill('<script>alert(1)</script>');
		await form.getByLabel('Date prévue').fill('2026-03-10');
		await form.getByRole('button', { name: 'Ajouter' }).click();
		await expect(form.getByText('Les balises HTML ne sont pas acceptées.')).toBeVisible();
		await expect(form.getByLabel('Intitulé')).toHaveAttribute('aria-invalid', 'true');
		await expect(form.getByLabel('Date prévue')).toHaveValue('2026-03-10');
		await page.reload();
		await expect(page.getByTestId('milestones-table')).toHaveCount(before);

		await page.getByText('Ajouter une ligne de financement').click();
		const funding = page.getByTestId('funding-new');
		await funding.getByLabel('Libellé').fill('Subvention test');
		await funding.getByLabel('Montant (€)').fill('-500');
		await funding.getByRole('button', { name: 'Ajouter' }).click();
		await expect(funding.getByText('Le montant ne peut pas être négatif.')).toBeVisible();
		await expect(funding.getByLabel('Libellé')).toHaveValue('Subvention test');
	});

	test('Lot Habitat, lead of the operation, marks a work step done', async ({ page }) => {
		await loginAs(page, 'lotHabitat');
		await page.goto('/operations/terre-rouge-tranche-1');
		await hydrated(page);
		await expect(page.getByText('Modifier les financements')).toHaveCount(0);
		await page
			.getByText('Modifier « Étape 1 : installation du chantier et démolition des garages »')
			.click();
		const form = page.locator('form[data-testid^="milestone-form-"]').first();
		await form.getByLabel('État').selectOption('done');
		await form.getByLabel('Date de réalisation').fill('2023-10-20');
		// By keyboard: the save says so in its status region and the focus stays on the button.
		const save = form.getByRole('button', { name: 'Enregistrer le jalon' });
		await save.focus();
		await page.keyboard.press('Enter');
		await expect(
			page.getByTestId('milestones-table').locator('tr', { hasText: 'Étape 1' })
		).toContainText('Réalisé');
		await expect(page.getByRole('status').filter({ hasText: 'Jalon enregistré.' })).toBeVisible();
		await expect(save).toBeFocused();
		await expect(page.getByTestId('milestones-done')).toContainText('1 sur');
		// Notes and history are internal: a partner does not see them.
		await expect(page.getByRole('heading', { name: 'Notes internes' })).toHaveCount(0);
	});

	test('Lot Habitat confirms in one click that a past step is still not done: it becomes late', async ({
		page
	}) => {
		await loginAs(page, 'lotHabitat');
		await page.goto('/operations/terre-rouge-tranche-1');
		await hydrated(page);
		const row = page.getByTestId('milestones-table').locator('tr', { hasText: 'Étape 2' });
		await expect(row).toContainText('À confirmer');
		const confirm = page
			.locator('section[data-testid^="milestone-confirm-"]')
			.filter({ hasText: 'Étape 2' });
		await expect(confirm).toContainText('jamais confirmé par une personne');
		await expectNoAxeViolations(page);
		const stillPlanned = confirm.getByRole('button', {
			name: 'Toujours prévu, pas encore réalisé'
		});
		await stillPlanned.focus();
		await page.keyboard.press('Enter');
		await expect(confirm.getByRole('status')).toHaveText('État confirmé.');
		// Said once, next to the form (not again in the page's region); the focus stays on the button.
		await expect(stillPlanned).toBeFocused();
		await expect(page.getByTestId('page-announcer')).toHaveText('');
		await expect(row).toContainText('En retard');
		await page.goto('/');
		await expect(page.getByTestId('kpi-late')).toHaveText('1 en retard');
		await expect(page.getByTestId('watch-late')).toContainText('Étape 2');

		// Confirmed done, a step leaves the list with its form: the page's region says it.
		await page.goto('/operations/terre-rouge-tranche-1');
		await hydrated(page);
		const third = page
			.locator('section[data-testid^="milestone-confirm-"]')
			.filter({ hasText: 'Étape 3' });
		await third.getByLabel('Réalisé le').fill('2024-03-15');
		await third.getByRole('button', { name: 'Confirmer la réalisation' }).click();
		await expect(page.getByTestId('page-announcer')).toContainText('Réalisation de « Étape 3');
		await expect(third).toHaveCount(0);
		await expect(page.locator('#contenu')).toBeFocused();
	});

	test('élus read internal notes but get no edit form', async ({ page }) => {
		await loginAs(page, 'elu');
		await page.goto('/programmes/contrat-de-ville/actions/5');
		await expect(page.getByRole('heading', { name: 'Notes internes' })).toBeVisible();
		await expect(page.getByText('Modifier l’action')).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Ajouter la note' })).toHaveCount(0);
	});
});

test.describe('accounts', () => {
	test('an admin creates an account; its one-time password must be changed at first sign-in', async ({
		page,
		browser
	}) => {
		await loginAs(page, 'admin');
		await page.goto('/admin/utilisateurs');
		await hydrated(page);
		await expectNoAxeViolations(page);
		const email = `agent${Date.now()}@grandcahors.fr`;
		const create = page.getByTestId('create-account');
		await create.getByLabel('Adresse e-mail').fill(email);
		await create.getByLabel('Nom').fill('Agent Test');
		await create.getByLabel('Rôle').selectOption('admin');
		await page.getByRole('button', { name: 'Créer le compte' }).click();
		const password = (await page.getByTestId('one-time-password').textContent())!.trim();
		expect(password).toHaveLength(16);

		const ctx = await browser.newContext();
		const other = await ctx.newPage();
		await other.goto('/connexion');
		await hydrated(other);
		await other.getByLabel('Adresse e-mail').fill(email);
		await other.getByLabel('Mot de passe').fill(password);
		await other.getByRole('button', { name: 'Se connecter' }).click();
		await expect(other).toHaveURL(/\/compte\?premiere=1/);
		await other.goto('/programmes');
		await expect(other).toHaveURL(/\/compte/);
		// Until the password is changed, no write goes through either (an admin account here).
		const blocked = await other.request.post('/programmes/contrat-de-ville/actions/1?/addNote', {
			form: { text: 'Avant le changement de mot de passe' },
			headers: { origin: new URL(other.url()).origin }
		});
		expect(blocked.status()).toBe(403);
		expect(await blocked.text()).toMatch(/mot de passe/);
		await hydrated(other);
		await other.getByLabel('Mot de passe actuel').fill(password);
		await other
			.getByLabel('Nouveau mot de passe (12 caractères au moins)')
			.fill('un mot de passe solide');
		await other.getByLabel('Confirmer le nouveau mot de passe').fill('un mot de passe solide');
		const save = other.getByRole('button', { name: 'Enregistrer', exact: true });
		await save.focus();
		await other.keyboard.press('Enter');
		// Said in a status region that was there before, the passwords emptied, the focus kept.
		await expect(other.getByTestId('password-status')).toHaveText(
			'Mot de passe changé. Vos autres sessions ont été fermées.'
		);
		await expect(other.getByLabel('Mot de passe actuel')).toHaveValue('');
		await expect(save).toBeFocused();
		await other.goto('/programmes');
		await expect(other).toHaveURL(/\/programmes$/);
		await expectNoAxeViolations(other);
		await ctx.close();
	});

	test('login errors are generic and repeated failures are throttled', async ({
		page,
		browser
	}) => {
		await loginAs(page, 'admin');
		await page.goto('/admin/utilisateurs');
		await hydrated(page);
		const email = `throttle${Date.now()}@grandcahors.fr`;
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByLabel('Nom').fill('Throttle');
		await page.getByRole('button', { name: 'Créer le compte' }).click();
		const password = (await page.getByTestId('one-time-password').textContent())!.trim();

		const ctx = await browser.newContext();
		const p = await ctx.newPage();
		await p.goto('/connexion');
		await hydrated(p);
		await expectNoAxeViolations(p);
		for (let i = 0; i < 5; i++) {
			await p.getByLabel('Adresse e-mail').fill(email);
			await p.getByLabel('Mot de passe').fill('mauvais mot de passe');
			// Each attempt's answer is awaited: the alert keeps the same text from one to the next.
			const answered = p.waitForResponse(
				(r) => r.url().includes('/connexion') && r.request().method() === 'POST'
			);
			await p.getByRole('button', { name: 'Se connecter' }).click();
			await answered;
			await expect(p.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
		}
		await p.getByLabel('Adresse e-mail').fill(email);
		await p.getByLabel('Mot de passe').fill(password);
		await p.getByRole('button', { name: 'Se connecter' }).click();
		await expect(p.getByRole('alert')).toContainText('Trop de tentatives');
		// An unknown address gets the same generic message as a wrong password.
		await p.getByLabel('Adresse e-mail').fill('personne@nulle-part.fr');
		await p.getByLabel('Mot de passe').fill('x');
		await p.getByRole('button', { name: 'Se connecter' }).click();
		await expect(p.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
		await ctx.close();
		// The administrators see the account's failed sign-ins (the refused attempt was never checked).
		await page.reload();
		await expect(page.getByTestId(`failures-${email}`)).toContainText(
			'5 échecs de connexion en 7 jours, le dernier le'
		);
	});

	test('sign-out ends the session; the cookie is httpOnly and sameSite=lax', async ({
		page,
		context
	}) => {
		await loginAs(page, 'elu');
		const cookie = (await context.cookies()).find((c) => c.name === 'session')!;
		expect(cookie.httpOnly).toBe(true);
		expect(cookie.sameSite).toBe('Lax');
		// 12 hours of inactivity end it (SESSION_IDLE_HOURS); 30 days at most whatever the activity.
		expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);
		expect(cookie.expires).toBeLessThan(Date.now() / 1000 + 13 * 3600);
		await page.getByRole('button', { name: 'Se déconnecter' }).click();
		await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
		expect((await context.cookies()).find((c) => c.name === 'session')).toBeUndefined();
	});
});

test.describe('no request ends the process', () => {
	test('admin and import actions with unknown ids, hostile bodies and forged drafts: answered, and the server still serves', async ({
		baseURL
	}) => {
		const admin = await clientAs(baseURL!, 'admin');
		const post = (path: string, form: Record<string, string>) =>
			admin.post(path, { form, maxRedirects: 0, headers: { accept: 'application/json' } });
		const attempts = [
			post('/admin/utilisateurs?/toggle', { id: '999999', active: '0' }),
			post('/admin/utilisateurs?/toggle', { id: '__proto__', active: '0' }),
			post('/admin/utilisateurs?/create', {
				email: 'x@y.fr',
				name: 'X',
				role: 'constructor',
				organisation: 'inconnue'
			}),
			post('/donnees/import?/commit', { draft: 'AAAAAAAAAAAAAAAAAAAAAAAA' }),
			post('/donnees/import?/commit', { draft: '../../../etc/passwd' }),
			post('/donnees/import?/preview', { list: 'toString' }),
			post('/connexion?/default', { email: 'x@y.fr', password: 'x' }),
			post('/compte?/default', { current: 'x' })
		];
		for (const r of await Promise.all(attempts)) {
			const text = await r.text();
			const body = (text.startsWith('{') ? JSON.parse(text) : {}) as { status?: number };
			expect(body.status ?? r.status(), text.slice(0, 200)).toBeLessThan(500);
		}
		expect((await admin.get('/')).status()).toBe(200);
		await admin.dispose();
	});
});

test.describe('public reading turned off', () => {
	test('anonymous visitors are sent to the login page; the API answers 401', async ({
		page,
		request
	}) => {
		await page.goto('http://127.0.0.1:4174/programmes');
		await expect(page).toHaveURL(/\/connexion\?redirectTo=%2Fprogrammes/);
		const res = await request.get('http://127.0.0.1:4174/api/v1/programmes');
		expect(res.status()).toBe(401);
		expect(plain((await res.json()).error.message)).toBe('Authentification requise.');
	});

	test('the council PDF is for signed-in readers, printed as they see the report', async ({
		request
	}) => {
		const anonymous = await request.get('http://127.0.0.1:4174/rapport.pdf', { maxRedirects: 0 });
		expect([303, 401]).toContain(anonymous.status());
		const elu = await clientAs('http://127.0.0.1:4174', 'elu');
		const res = await elu.get('/rapport.pdf?programme=terre-rouge', { timeout: 60_000 });
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('application/pdf');
		// Printed as the official sees it: their name and role on the cover, never "Se connecter".
		const pdf = await getDocumentProxy(new Uint8Array(await res.body()));
		const flat = plain((await extractText(pdf, { mergePages: true })).text).replace(/\s+/g, ' ');
		expect(flat).toContain('Élu (démo) (Élu)');
		expect(flat).not.toContain('Se connecter');
		expect(flat).not.toContain('publique');
		await elu.dispose();
	});
});

test.describe('OPAH-RU applications', () => {
	test('an officer follows an application to payment; the goal on fiche 3 moves; others are refused', async ({
		page,
		baseURL
	}) => {
		await loginAs(page, 'chef');
		await page.goto('/opah-ru/dossiers');
		await hydrated(page);
		await expectNoAxeViolations(page);
		const form = page.getByTestId('create-application');
		await form.getByLabel('Référence pseudonyme').fill('Jean Dupont');
		await form.getByLabel('Adresse du logement').fill('8 rue du Château-du-Roi');
		await form.getByRole('button', { name: 'Créer le dossier' }).click();
		await expect(form.getByRole('alert').first()).toContainText('Référence pseudonyme attendue');
		await form.getByLabel('Référence pseudonyme').fill('PB-2026-101');
		await form.getByLabel('Logements').fill('4');
		await form.getByLabel('Premier contact le').fill('2026-01-10');
		await form.getByRole('button', { name: 'Créer le dossier' }).click();
		await expect(page.getByTestId('column-1')).toContainText('PB-2026-101');
		for (const [step, date] of [
			[2, '2026-02-01'],
			[3, '2026-03-01'],
			[4, '2026-04-01'],
			[5, '2026-07-01']
		] as const) {
			const card = page.getByRole('article', { name: 'Dossier PB-2026-101' });
			await card.getByLabel('Date').fill(date);
			await card.getByRole('button', { name: `Passer à l’étape ${step}` }).click();
			await expect(page.getByTestId(`column-${step}`)).toContainText('PB-2026-101');
			// The card moved to the next column: the page says so, and the focus follows the card.
			await expect(page.getByTestId('page-announcer')).toHaveText(
				`Dossier PB-2026-101 passé à l’étape ${step}.`
			);
			await expect(card.getByRole('button', { name: /Passer à l’étape|Constater/ })).toBeFocused();
		}
		const card = page.getByRole('article', { name: 'Dossier PB-2026-101' });
		await card.getByLabel('Date').fill('2026-08-20');
		await card.getByRole('button', { name: 'Constater le paiement' }).click();
		await expect(page.getByTestId('opah-progress')).toContainText('4 logements réhabilités');
		await expect(page.getByTestId('page-announcer')).toHaveText(
			'Paiement du dossier PB-2026-101 constaté : dossier soldé.'
		);
		// Outside the officers' board, fewer than 5 paid applications are a statistical secret.
		await page.goto('/programmes/action-coeur-de-ville/actions/3');
		await expect(page.getByTestId('opah-goal')).toContainText('moins de 5 logements réhabilités');
		await expect(page.getByTestId('opah-goal')).toContainText(
			'objectif du document : 500 logements à l’échéance 2020'
		);

		for (const who of ['anonyme', 'elu', 'lotHabitat', 'relogement'] as const) {
			const client = await clientAs(baseURL!, who);
			const res = await client.get('/opah-ru/dossiers', { maxRedirects: 0 });
			expect(res.status(), who).toBe(who === 'anonyme' ? 401 : 403);
			await client.dispose();
		}
	});
});

test.describe('relocation follow-up', () => {
	test('the relocation team follows households; other roles see aggregates only, small counts hidden', async ({
		page,
		baseURL
	}) => {
		await loginAs(page, 'relogement');
		await page.goto('/operations/terre-rouge-tranches-2-3/relogement');
		await hydrated(page);
		await expectNoAxeViolations(page);
		const form = page.getByTestId('new-case');
		await form.getByLabel('Code du ménage').fill('06 12 34 56 78');
		await form.getByRole('button', { name: 'Ajouter' }).click();
		await expect(form.getByRole('alert').first()).toContainText('téléphone');
		await form.getByLabel('Code du ménage').fill('M-001');
		await form.getByLabel('Diagnostic social').fill('2026-01-05');
		await form.getByLabel('Déménagement').fill('2026-09-05');
		await form.getByLabel('Type de solution').selectOption('temporaire_retour');
		await form.getByRole('button', { name: 'Ajouter' }).click();
		await expect(page.getByTestId('cases')).toContainText('M-001');
		await expect(page.getByTestId('relocation-stats')).toContainText('8 mois (243 jours)');

		// An élu sees the operation's aggregates, never a case or a code; 1 household shows as "moins de 5".
		await page.getByRole('button', { name: 'Se déconnecter' }).click();
		await loginAs(page, 'elu');
		await page.goto('/operations/terre-rouge-tranches-2-3');
		const stats = page.getByTestId('relocation-stats');
		await expect(stats).toContainText('moins de 5');
		await expect(stats).toContainText('masqué');
		// Another town's figures stand beside ours as a reference, with their source.
		const reference = page.getByRole('table', { name: /^Repères/ });
		await expect(reference).toContainText('Durée moyenne d');
		await expect(reference).toContainText('8 mois');
		// and the sheet's national context, apart
		await expect(page.getByRole('table', { name: /^Contexte national/ })).toContainText(
			'246 opérations'
		);
		await expect(page.locator('main')).not.toContainText('M-001');
		await page.goto('/');
		await expect(page.getByTestId('relocation-stats')).toContainText('moins de 5');

		// Nothing exact leaves the server for an anonymous visitor: not in the HTML, not in the page
		// data that client-side navigation loads (__data.json), not the household's 243 days.
		const visitor = await clientAs(baseURL!, 'anonyme');
		for (const path of ['/operations/terre-rouge-tranches-2-3', '/']) {
			const html = await (await visitor.get(path)).text();
			expect(html, path).toContain('moins de 5');
			expect(html, path).not.toMatch(/243 jours/);
			const data = await visitor.get(`${path === '/' ? '' : path}/__data.json`);
			expect(data.headers()['content-type'], path).toContain('json');
			const relocation = pageData(await data.text()).relocation;
			expect(relocation, path).toMatchObject({
				total: { masked: true },
				meanDaysToMove: { masked: true },
				longestDaysToMove: { masked: true }
			});
			expect(JSON.stringify(relocation), path).not.toMatch(/243/);
			// The public "what changed" list shows roles and organisations, not staff names.
			expect(html, path).not.toContain('(démo)');
		}
		await visitor.dispose();

		for (const who of ['anonyme', 'elu', 'chef', 'lotHabitat'] as const) {
			const client = await clientAs(baseURL!, who);
			const res = await client.get('/operations/terre-rouge-tranches-2-3/relogement', {
				maxRedirects: 0
			});
			expect(res.status(), who).toBe(who === 'anonyme' ? 401 : 403);
			expect(await res.text()).not.toContain('M-001');
			await client.dispose();
		}
	});
});

test.describe('finance', () => {
	test('the Département confirms its commitment and records partial payments; over-payment is refused', async ({
		page,
		baseURL
	}) => {
		await loginAs(page, 'departement');
		await page.goto('/partenaires/portail');
		await hydrated(page);
		await expectNoAxeViolations(page);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Département du Lot');
		const card = page.locator('li[data-testid^="line-"]').filter({ hasText: /144\s000/ });
		await card.getByLabel('Engagé le').fill('2024-02-01');
		await card.getByRole('button', { name: /Confirmer l’engagement/ }).click();
		await expect(card.getByTestId('line-status')).toHaveText('Engagé');
		await page.waitForLoadState('networkidle');
		await card.getByLabel('Montant (€)').fill('100 000');
		await card.getByRole('button', { name: /Enregistrer le versement/ }).click();
		await expect(card.getByTestId('line-paid')).toHaveText(/100\s000\s€/);
		await page.waitForLoadState('networkidle');
		await card.getByLabel('Montant (€)').fill('50 000');
		await card.getByRole('button', { name: /Enregistrer le versement/ }).click();
		await expect(card.getByRole('alert')).toContainText('dépasserait le montant engagé');
		await expect(card.getByTestId('line-remaining')).toHaveText(/44\s000\s€/);
		expect(plain(await page.getByTestId('portal-totals').textContent())).toContain('100 000 €');

		// Lot Habitat may not settle the Département's line.
		const lineId = (await card.getAttribute('data-testid'))!.replace('line-', '');
		const other = await clientAs(baseURL!, 'lotHabitat');
		const res = await other.post('/partenaires/portail?/pay', {
			form: { id: lineId, version: '3', amount: '10', paidOn: '2024-03-01' },
			maxRedirects: 0
		});
		expect(res.status()).toBe(403);
		await other.dispose();
	});

	test('plans to check, exports and a spreadsheet round trip through the import page', async ({
		page,
		request
	}) => {
		await page.goto('/donnees');
		await expectNoAxeViolations(page);
		await expect(page.getByTestId('plans')).toContainText('Tranche 1');
		const csv = await request.get('/exports/financements.csv?programme=terre-rouge');
		expect(csv.headers()['content-type']).toContain('text/csv');
		expect(await csv.text()).toContain('Prêts Banque des Territoires');
		const xlsx = await request.get('/exports/jalons.xlsx');
		expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
		const scdl = await request.get('/exports/scdl-subventions.csv');
		expect((await scdl.text()).split('\n')[0]).toBe(
			'nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide'
		);

		await loginAs(page, 'chef');
		await page.goto('/donnees/import');
		await hydrated(page);
		await expectNoAxeViolations(page);
		const exported = await (
			await request.get('/exports/actions.csv?programme=contrat-de-ville')
		).text();
		const changed = exported
			.replace(
				/;Consolider la participation des habitants;non_renseigne;/,
				';Consolider la participation des habitants;en_cours;'
			)
			.replace(
				/;Consolider la participation des habitants;premieres_realisations;;/,
				';Consolider la participation des habitants;premieres_realisations;30;'
			);
		await page.getByLabel('Type de données').selectOption('actions');
		const file = page.getByLabel(/^Fichier \(\.xlsx ou \.csv, 5 Mo/);
		// Too big: said at once, in French, without sending 6 MB.
		await file.setInputFiles({
			name: 'enorme.csv',
			mimeType: 'text/csv',
			buffer: Buffer.alloc(6 * 1024 * 1024, 'x')
		});
		await page.getByRole('button', { name: 'Prévisualiser' }).click();
		await expect(page.getByRole('alert')).toContainText('Fichier trop volumineux (5 Mo au plus)');
		await file.setInputFiles({
			name: 'actions.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(changed)
		});
		await page.getByRole('button', { name: 'Prévisualiser' }).click();
		await expect(page.getByTestId('preview-counts')).toHaveText(
			'0 création, 1 mise à jour, 16 inchangées, 0 erreur.'
		);
		// The keyboard goes on from the preview's heading.
		await expect(
			page.getByRole('heading', { name: 'Prévisualisation : actions.csv' })
		).toBeFocused();
		// The preview is kept on the server: a reload shows it again, the file is not echoed back.
		await expect(page).toHaveURL(/brouillon=/);
		await page.reload();
		await expect(page.getByTestId('preview-counts')).toContainText('1 mise à jour');
		await expectNoAxeViolations(page);
		await page.getByRole('button', { name: /Importer ces 17 lignes/ }).click();
		await expect(page.getByTestId('import-done')).toHaveText(
			'Import terminé : 0 création, 1 mise à jour, 16 lignes inchangées.'
		);
		// The preview it came from is gone: no "expired" alert beside the success.
		await expect(page.getByText('Cette prévisualisation a expiré')).toHaveCount(0);
		await page.goto('/programmes/contrat-de-ville/actions/16');
		await expect(page.locator('dl.facts')).toContainText('30 %');
	});
});

test.describe('steering-committee decisions', () => {
	test('a project manager records a COPIL decision; it shows on the action, the dashboard and the report', async ({
		page
	}) => {
		await loginAs(page, 'chef');
		await page.goto('/programmes/contrat-de-ville/actions/2');
		await hydrated(page);
		await page.getByText('Enregistrer une décision d’instance').click();
		const form = page.getByTestId('decision-form');
		await form.getByLabel('Date').fill('2026-10-15');
		await form.getByLabel('Instance (COPIL, conseil…)').fill('COPIL Contrat de ville');
		await form
			.getByLabel('Décision')
			.fill('Lancer la requalification des abords de Sainte-Valérie en 2027.');
		await form.getByRole('button', { name: 'Enregistrer la décision' }).click();
		await expect(page.getByTestId('decisions')).toContainText(
			'15 octobre 2026 – COPIL Contrat de ville'
		);
		// Saved, the form is emptied (typing it again would record it twice) and says so.
		await expect(form.getByLabel('Décision')).toHaveValue('');
		await expect(
			page.getByRole('status').filter({ hasText: 'Décision enregistrée.' })
		).toBeVisible();
		await page.goto('/');
		await expect(page.getByTestId('decisions')).toContainText(
			'Lancer la requalification des abords de Sainte-Valérie'
		);
		await page.goto('/rapport?programme=contrat-de-ville&depuis=2026-10-01');
		await expect(page.getByTestId('decisions')).toContainText('COPIL Contrat de ville');
	});
});

test.describe('places', () => {
	test('a project manager drags a place on the map, saves it, and it is no longer "approximate"', async ({
		page
	}) => {
		await loginAs(page, 'chef');
		await page.goto('/programmes/action-coeur-de-ville/actions/6');
		await hydrated(page);
		const map = page.getByTestId('map');
		await expect(map).toHaveAttribute('data-state', 'ready');
		const marker = page.locator('.maplibregl-marker[data-place-id]');
		await expect(marker).toHaveCount(1);
		const box = (await marker.boundingBox())!;
		await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 25, { steps: 8 });
		await page.mouse.up();
		const form = page.locator('form.place-form');
		await expect(form.getByLabel('Longitude')).not.toHaveValue('1.4416');
		const lon = Number(await form.getByLabel('Longitude').inputValue());
		expect(lon).toBeGreaterThan(1.4416);
		await form.getByRole('button', { name: 'Enregistrer la position' }).click();
		await expect(page.getByText('Position enregistrée.')).toBeVisible();
		await page.reload();
		await expect(page.getByTestId('places')).not.toContainText('position approximative');
	});
});
