import { test, expect, expectNoAxeViolations, plain, hydrated } from './fixtures';

test.describe('foundation pages, with the real data', () => {
	test('home shows one card per programme with its figures', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Programmes urbains du Grand Cahors'
		);
		const cards = page.locator('article.card');
		await expect(cards).toHaveCount(4);
		const tr = cards.filter({ hasText: 'Réhabilitation de la résidence Terre-Rouge' });
		expect(plain(await tr.textContent())).toContain('4 534 948 €');
		const cdv = cards.filter({ hasText: 'Contrat de ville 2024-2030' });
		await expect(cdv.locator('.kpi-value').first()).toHaveText('17');
		await expectNoAxeViolations(page);
	});

	test('programme page lists the actions by orientation and filters them without JavaScript', async ({
		browser
	}) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto('/programmes/contrat-de-ville');
		await expect(page.getByTestId('result-count')).toHaveText('17 actions affichées sur 17');
		await expect(page.getByTestId('role-signatory').locator('li')).toHaveCount(20);
		await page.getByLabel('Orientation').selectOption('2');
		await page.getByRole('button', { name: 'Filtrer' }).click();
		await expect(page).toHaveURL(/axis=2/);
		await expect(page.getByTestId('result-count')).toHaveText('3 actions affichées sur 17');
		await page.getByLabel('Recherche').fill('délinquance');
		await page.getByRole('button', { name: 'Filtrer' }).click();
		await expect(page.getByTestId('result-count')).toHaveText('1 action affichée sur 17');
		await expect(page.getByTestId('actions-table').getByRole('link')).toHaveText(
			'Prévenir et améliorer la prise en charge des jeunes exposés à la délinquance'
		);
		await context.close();
	});

	test('where two passages of a document disagree, both readings show', async ({ page }) => {
		await page.goto('/programmes/action-coeur-de-ville');
		const note = page.getByTestId('envelope-note');
		await expect(note).toContainText('1 Md€');
		await expect(note).toContainText('1,2 milliard');
		// "5 milliards" and "plus de 5 milliards", and what the listed envelopes add up to
		await expect(note).toContainText('4,2 à 4,4 Md€');
		// the programme's own figures, from the same press kit
		const figures = page.getByRole('table', { name: /Chiffres clés/ });
		await expect(figures).toContainText('24 villes');
		await expect(figures).toContainText('222 territoires');
		await page.goto('/programmes/contrat-de-ville/actions/9');
		await expect(page.locator('main')).toContainText('la partie détaillée l');
		// Terre-Rouge: the press release gives two periods for phase 1; both show.
		await page.goto('/operations/terre-rouge-tranche-1');
		await expect(page.locator('main')).toContainText('« 2023-2024 »');
		await page.goto('/programmes/terre-rouge');
		await expect(page.getByRole('table', { name: /Chiffres clés/ })).toContainText('12 %');
	});

	test('programme page has no accessibility violation', async ({ page }) => {
		await page.goto('/programmes/action-coeur-de-ville');
		await expect(page.getByTestId('result-count')).toHaveText('22 actions affichées sur 22');
		await expectNoAxeViolations(page);
	});

	test('sorting by status and filtering by status work together', async ({ page }) => {
		await page.goto('/programmes/contrat-de-ville?status=premieres_realisations&sort=title');
		await expect(page.getByTestId('result-count')).toHaveText('11 actions affichées sur 17');
		const titles = await page
			.getByTestId('actions-table')
			.locator('tbody tr td:nth-child(2) a')
			.allTextContents();
		expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'fr')));
	});

	test('action page shows objectives, status with its source, links and places', async ({
		page
	}) => {
		await page.goto('/programmes/action-coeur-de-ville/actions/3');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('OPAH-RU');
		await expect(page.getByText('Gérer les surcoûts entre la valeur du foncier')).toBeVisible();
		await expect(page.getByText('Logements réhabilités dans le cadre de l’OPAH-RU')).toBeVisible();
		expect(plain(await page.locator('table').first().textContent())).toContain('500 logements');
		await expect(
			page.getByRole('link', { name: 'OPAH-RU du centre ancien de Cahors' })
		).toBeVisible();
		await expectNoAxeViolations(page);

		await page.goto('/programmes/contrat-de-ville/actions/1');
		await expect(page.getByText('Premières réalisations').first()).toBeVisible();
		await page.getByText('Source de l’état').click();
		await expect(page.getByText(/lancement de la tranche 1/).first()).toBeVisible();
		await expect(page.getByTestId('places')).toContainText('Résidence Terre-Rouge');
		await expectNoAxeViolations(page);

		// The source is one click away, and the Sources page lists every figure drawn from it.
		await page
			.getByRole('link', { name: 'Tout ce que l’application tire de ce document' })
			.first()
			.click();
		await expect(page).toHaveURL(/\/sources#doc-/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sources des données');
		const cdv = page.getByTestId('source-contrat-de-ville-2024');
		await expect(cdv).toContainText('Renforcer l');
		await expect(page.getByTestId('source-relogement-fiche')).toContainText('8 mois');
		await expectNoAxeViolations(page);
	});

	test('Terre-Rouge operation page checks the funding plan and shows the works matrix', async ({
		page
	}) => {
		await page.goto('/operations/terre-rouge-tranche-1');
		await expect(page.getByTestId('plan-status')).toContainText('Le plan est équilibré');
		expect(plain(await page.getByTestId('funding-sum').textContent())).toBe('4 534 948 €');
		const matrix = page.getByTestId('works-matrix');
		await expect(matrix.getByRole('columnheader')).toHaveText([
			/Bâtiment/,
			/septembre 2023/,
			/T4 2023/,
			/T1 2024/,
			/S1 2024/,
			/S2 2024/
		]);
		await expect(matrix.getByRole('row', { name: /Bâtiment D/ })).toContainText(
			'Réfection de la toiture du bâtiment D'
		);
		await expectNoAxeViolations(page);

		await page.goto('/operations/terre-rouge-residence');
		await expect(page.getByRole('link', { name: 'Tranches 2 et 3' })).toBeVisible();
		await expectNoAxeViolations(page);
	});

	test('organisation page shows its roles and funding lines across programmes', async ({
		page
	}) => {
		await page.goto('/organisations/banque-des-territoires');
		await expect(page.getByTestId('roles')).toContainText('Signataire');
		await expect(page.getByTestId('roles')).toContainText('Financeur');
		expect(plain(await page.getByTestId('funding-sum').textContent())).toBe('2 809 307 €');
		await expectNoAxeViolations(page);

		await page.goto('/organisations');
		await expectNoAxeViolations(page);
	});

	test('a page the browser revalidates (304) keeps its styles and scripts', async ({
		page,
		request
	}) => {
		// The 304 carries the page's own CSP: a browser merges it into the copy it already has.
		const first = await request.get('/programmes');
		const etag = first.headers()['etag'];
		expect(etag).toBeTruthy();
		const again = await request.get('/programmes', { headers: { 'if-none-match': etag } });
		expect(again.status()).toBe(304);
		expect(again.headers()['content-security-policy']).toBe(
			first.headers()['content-security-policy']
		);
		expect(again.headers()['content-security-policy']).not.toContain('sandbox');
		// And in the browser: loaded, reloaded, still styled and interactive.
		await page.goto('/programmes');
		await hydrated(page);
		await page.reload();
		await hydrated(page);
		await page.goto('/programmes');
		await hydrated(page);
		expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
	});

	test('an unknown page answers 404 in French', async ({ page }) => {
		const res = await page.goto('/programmes/inconnu');
		expect(res?.status()).toBe(404);
		await expect(page.getByText('Ce programme n’existe pas.')).toBeVisible();
		await expectNoAxeViolations(page);
	});
});
