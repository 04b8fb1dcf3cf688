import { test, expect, expectNoAxeViolations, plain, hydrated } from './fixtures';

test.describe('OPAH-RU simulator', () => {
	test('a landlord gets an explained estimate, with JavaScript', async ({ page }) => {
		await page.goto('/opah-ru/simulateur');
		await hydrated(page);
		// Who to call, as the notice gives it.
		const contact = page.getByTestId('operator-contact');
		await expect(contact).toContainText('05 62 21 46 60');
		await expect(contact).toContainText('opahru-cahors@urbanis.fr');
		await expect(contact).toContainText('mardi matin');
		// The tax allowance the notice gives beside the subsidies, with its source.
		const tax = page.getByRole('table', { name: /Déduction fiscale/ });
		await expect(tax).toContainText('85 %');
		await expect(tax).toContainText('9 ans de la convention');
		await page.getByLabel('Surface du logement (m²)').fill('60');
		await page.getByLabel('Montant des travaux (€ HT)').fill('70000');
		await page.getByLabel('Travaux lourds (logement indigne ou très dégradé)').check();
		await page.getByLabel('Les travaux apportent un gain énergétique d’au moins 35 %').check();
		await page.getByLabel('Le logement est dans le périmètre renforcé').check();
		await page.getByLabel('Adultes dans le foyer locataire').selectOption('2');
		await page.getByRole('button', { name: 'Calculer' }).click();
		const result = page.getByTestId('simulation-result');
		expect(plain(await page.getByTestId('sim-total').textContent())).toBe('35 000 €');
		expect(plain(await page.getByTestId('sim-remaining').textContent())).toBe('35 000 €');
		expect(plain(await page.getByTestId('sim-rent').textContent())).toContain('405,65 € par mois');
		expect(plain(await page.getByTestId('sim-income').textContent())).toContain('36 368 €');
		await expect(result).toContainText('Montants maximaux');
		// Said once; no note about the notice's layout; the acronym explained.
		await expect(page.getByText('Montants maximaux')).toHaveCount(1);
		await expect(page.getByText('cellules fusionnées')).toHaveCount(0);
		await expect(page.getByTestId('sim-ase')).toContainText('au moins 35 %');
		await expect(result).toContainText('selon conditions');
		// The notice's own words are one click away.
		const sources = page.getByTestId('sim-sources');
		await sources.getByText('Ce que dit la notice').first().click();
		await expect(sources).toContainText('OPAH RU Cahors');
		await expect(page).toHaveURL(/surface=60/);
		await expectNoAxeViolations(page);
	});

	test('works without JavaScript, and explains a bad input', async ({ browser }) => {
		const ctx = await browser.newContext({ javaScriptEnabled: false });
		const page = await ctx.newPage();
		await page.goto('/opah-ru/simulateur');
		await page.getByLabel('Surface du logement (m²)').fill('130');
		await page.getByLabel('Montant des travaux (€ HT)').fill('20000');
		await page.getByLabel('Loyer conventionné social (LCS)').check();
		await page.getByRole('button', { name: 'Calculer' }).click();
		await expect(page.getByTestId('simulation-result')).toContainText(
			'La notice ne donne pas de plafond de loyer pour 130 m²'
		);
		await page.getByLabel('Montant des travaux (€ HT)').fill('beaucoup');
		await page.getByRole('button', { name: 'Calculer' }).click();
		// Said once, by the field, in words; the alert points to it.
		await expect(page.locator('#cost-error')).toHaveText(
			'Le montant des travaux doit être un nombre.'
		);
		await expect(page.getByTestId('sim-error')).toContainText('vérifiez le champ signalé');
		await page.getByTestId('sim-error').getByRole('link').click();
		await expect(page.locator('#cost')).toBeFocused();
		await expect(page.getByText('doit être un nombre')).toHaveCount(1);
		await ctx.close();
	});

	test('the JSON API answers the documented shape, and 400 in French on bad input', async ({
		request
	}) => {
		const res = await request.get(
			'/api/v1/opah-ru/simulation?surface=60&works=lourds&cost=70000&gain35=true&renforce=true&rent=LI&adults=2&dependants=0'
		);
		expect(res.status()).toBe(200);
		const body = await res.json();
		expect(body.totalCents).toBe(3_500_000);
		expect(body.remainingCents).toBe(3_500_000);
		expect(body.rent).toEqual({ monthlyMaxCents: 40_565, perM2Cents: 676, surfaceUsed: 60 });
		expect(body.incomeCeilingCents).toBe(3_636_800);
		expect(body.subsidies[0]).toEqual({
			funder: 'Anah',
			amountCents: 2_100_000,
			rule: expect.stringContaining('35 %'),
			conditional: false
		});
		expect(body.commitments.length).toBeGreaterThanOrEqual(4);
		for (const [q, parameter, words] of [
			['surface=abc&works=lourds&cost=1&rent=LI&adults=1', 'surface', 'La surface du logement'],
			['surface=50&works=toit&cost=1&rent=LI&adults=1', 'works', 'type de travaux'],
			['surface=50&works=lourds&cost=1&rent=LI&adults=1&foo=1', undefined, '« foo »'],
			['works=lourds&cost=1&rent=LI&adults=1', 'surface', 'est obligatoire']
		]) {
			const bad = await request.get(`/api/v1/opah-ru/simulation?${q}`);
			expect(bad.status(), q).toBe(400);
			const { error } = await bad.json();
			expect(error.message, q).toContain(words);
			expect(error.parameter, q).toBe(parameter);
		}
	});
});
