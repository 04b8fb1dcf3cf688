import fs from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function pdfAvailable(): boolean {
	return fs.existsSync(CHROMIUM);
}

/**
 * Prints one of our own pages to an A4 PDF with headless Chromium, once its charts are drawn.
 * The browser is started for the request and closed after it: reports are rare, memory is not.
 */
export async function printToPdf(url: string): Promise<Buffer> {
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	try {
		const page = await browser.newPage({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
		await page.goto(url, { waitUntil: 'networkidle', timeout: 30_000 });
		await page.waitForFunction(
			() =>
				[...document.querySelectorAll('canvas[data-chart]')].every(
					(c) => c.getAttribute('data-ready') === 'true'
				),
			null,
			{ timeout: 15_000 }
		);
		await page.emulateMedia({ media: 'print' });
		return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
	} finally {
		await browser.close();
	}
}
