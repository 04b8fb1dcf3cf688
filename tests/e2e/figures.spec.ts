import fs from 'node:fs';
import path from 'node:path';
import { test, expect, type APIRequestContext } from '@playwright/test';

/**
 * Every figure of the seed files (data/) is reachable by a reader: its citation is listed on the
 * Sources page, with a link to the page that shows it, and that page shows the figure. The figures
 * and their expected French form are read here from the data files and the platform's Intl, never
 * from the app's own formatting code.
 */

interface Figure {
	file: string;
	quote: string;
	/** the number as a French reader sees it, spaces normalised */
	shown: string;
}

const fr = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(n);
const plain = (s: string) =>
	s
		.replace(/[\s\u00a0\u202f]+/g, ' ')
		.replace(/[’']/g, "'")
		.trim();

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Source = { doc: string; quote: string };
const isSource = (v: Json | undefined): v is Source & { [k: string]: Json } =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.quote === 'string';

/** Walks a seed file: a number next to its source (an amount, a measured value, a target, a cost). */
function figuresOf(file: string): Figure[] {
	const out: Figure[] = [];
	const walk = (node: Json, unit: string | null) => {
		if (Array.isArray(node)) return node.forEach((n) => walk(n, unit));
		if (typeof node !== 'object' || node === null) return;
		const u = typeof node.unit === 'string' ? node.unit : unit;
		if (isSource(node.source)) {
			const quote = node.source.quote;
			if (typeof node.amountCents === 'number')
				out.push({ file, quote, shown: `${fr(node.amountCents / 100)} €` });
			else if (typeof node.cents === 'number')
				out.push({ file, quote, shown: `${fr(node.cents / 100)} €` });
			else if (typeof node.value === 'number')
				out.push({ file, quote, shown: u === '€' ? `${fr(node.value)} €` : fr(node.value) });
		}
		if (typeof node.target === 'number' && isSource(node.targetSource))
			out.push({ file, quote: node.targetSource.quote, shown: fr(node.target) });
		for (const [k, v] of Object.entries(node)) if (k !== 'source') walk(v, u);
	};
	walk(JSON.parse(fs.readFileSync(file, 'utf8')) as Json, null);
	return out;
}

const files = [
	...fs.readdirSync('data/programmes').map((f) => path.join('data/programmes', f)),
	'data/reference-figures.json'
];
const figures = files.flatMap(figuresOf);

async function text(request: APIRequestContext, href: string): Promise<string> {
	const res = await request.get(href);
	expect(res.status(), href).toBe(200);
	return plain(
		(await res.text())
			.replace(/<script[\s\S]*?<\/script>/g, ' ')
			.replace(/<[^>]+>/g, ' ')
			.replace(/&nbsp;|&#160;/g, ' ')
			.replace(/&amp;/g, '&')
			.replace(/&#39;|&rsquo;/g, "'")
			.replace(/&quot;/g, '"')
	);
}

test('every figure of the seed files is cited on the Sources page and shown where it links', async ({
	request
}) => {
	test.setTimeout(120_000);
	expect(figures.length).toBeGreaterThanOrEqual(55);
	const html = await (await request.get('/sources')).text();
	// Each row of the Sources page: what it links to and the quote it shows.
	const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => ({
		href: /<a href="([^"#]+)(?:#[^"]*)?"/.exec(m[1])?.[1] ?? null,
		text: plain(m[1].replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'"))
	}));
	const pages = new Map<string, string>();
	const missing: string[] = [];
	for (const f of figures) {
		const row = rows.find((r) => r.text.includes(plain(f.quote)));
		if (!row) {
			missing.push(`${f.file}: not on /sources: « ${f.quote} »`);
			continue;
		}
		// A figure with nowhere else to be read is shown on the Sources page itself.
		const where = row.href ?? '/sources';
		if (!pages.has(where)) pages.set(where, await text(request, where));
		if (!pages.get(where)!.includes(plain(f.shown)))
			missing.push(`${f.file}: ${f.shown} not shown on ${where} (« ${f.quote} »)`);
	}
	expect(missing).toEqual([]);
});
