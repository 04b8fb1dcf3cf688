import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocumentProxy, extractText } from 'unpdf';
import { closePdfService, reportPdf, pdfAvailable } from '../src/lib/server/pdf';
import { Browser } from '../src/lib/server/cdp';
import { CHROMIUM_ARGS } from '../src/lib/server/chromium';

// The PDF service drives the machine's Chromium over its DevTools pipe (src/lib/server/cdp.ts):
// here it prints a page of a local server, as the report route has it print /rapport.

const listen = (handler: http.RequestListener) =>
	new Promise<{ server: http.Server; origin: string }>((resolve) => {
		const server = http.createServer(handler);
		server.listen(0, '127.0.0.1', () =>
			resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
		);
	});

let own: { server: http.Server; origin: string };
let elsewhere: { server: http.Server; origin: string };
const elsewhereAsked: string[] = [];
const ownAsked: string[] = [];

function reportPage(cookie: string | undefined, other: string): string {
	const sections = Array.from(
		{ length: 40 },
		(_, i) => `<h2>Section ${i + 1}</h2><p>${'Texte du rapport. '.repeat(30)}</p>`
	).join('');
	return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Rapport d’essai</title>
<style>@page { size: A4; margin: 20mm 12mm; } @media print { .screen-only { display: none; } }</style>
</head><body><h1>Rapport d’essai</h1>
<p>Session : ${cookie ? cookie.replace(/[^\w=]/g, '') : 'aucune'}</p>
<p>Fuseau : <span id="tz"></span> ; largeur : <span id="w"></span> px</p>
<p class="screen-only">Visible à l’écran seulement</p>
<canvas data-chart></canvas><p id="chart">graphique en cours</p>
<canvas data-chart id="broken"></canvas>
<img src="${other}/pixel.png" alt="">
<script>
document.getElementById('tz').textContent = Intl.DateTimeFormat().resolvedOptions().timeZone;
document.getElementById('w').textContent = String(window.innerWidth);
fetch('${other}/beacon').catch(() => {});
try { new WebSocket('${other.replace('http', 'ws')}/socket'); } catch {}
// A chart that could not be drawn says so: the print does not wait for it.
document.getElementById('broken').setAttribute('data-ready', 'failed');
setTimeout(() => {
	document.querySelector('canvas').setAttribute('data-ready', 'true');
	document.getElementById('chart').textContent = 'graphique dessiné';
}, 700);
</script>
${sections}</body></html>`;
}

beforeAll(async () => {
	elsewhere = await listen((req, res) => {
		elsewhereAsked.push(req.url ?? '');
		res.end('x');
	});
	elsewhere.server.on('upgrade', (req: http.IncomingMessage, socket: import('node:net').Socket) => {
		elsewhereAsked.push(`upgrade ${req.url}`);
		socket.destroy();
	});
	own = await listen((req, res) => {
		ownAsked.push(req.url ?? '');
		// An image that never comes: the page never finishes loading.
		if (req.url === '/jamais.png') return;
		if (req.url?.startsWith('/lent'))
			return res.end('<!doctype html><title>Lent</title><img src="/jamais.png" alt="">');
		const cookie = /(?:^|;\s*)session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
		res.setHeader('content-type', 'text/html; charset=utf-8');
		res.end(reportPage(cookie ? `session=${cookie}` : undefined, elsewhere.origin));
	});
	process.env.PDF_ORIGIN = own.origin;
});

afterAll(async () => {
	await closePdfService();
	delete process.env.PDF_ORIGIN;
	own.server.close();
	elsewhere.server.close();
});

describe.skipIf(!pdfAvailable())('the PDF service (Chromium over its DevTools pipe)', () => {
	it('prints the page as the reader sees it, with running header, page numbers, outline and tags', async () => {
		const started = Date.now();
		const { pdf, cached } = await reportPdf(
			'/rapport?programme=essai',
			{ key: 'user:1', sessionToken: 'jeton123' },
			'v1'
		);
		expect(cached).toBe(false);
		// The chart that failed did not hold the print until the page's 10 s limit.
		expect(Date.now() - started).toBeLessThan(9_000);
		expect(ownAsked).toContain('/rapport?programme=essai');
		const doc = await getDocumentProxy(pdf);
		const pages = (await extractText(doc, { mergePages: false })).text.map((t) =>
			t.replace(/\s+/g, ' ')
		);
		const all = pages.join(' ');
		// Their own session, the print media, the printed width, Paris time, the charts drawn.
		expect(all).toContain('Session : session=jeton123');
		expect(all).not.toContain('Visible à l’écran seulement');
		expect(all).toContain('largeur : 703 px');
		expect(all).toContain('Fuseau : Europe/Paris');
		expect(all).toContain('graphique dessiné');
		expect(doc.numPages).toBeGreaterThan(1);
		const [, , w, h] = (await doc.getPage(1)).view;
		expect([Math.round(w), Math.round(h)]).toEqual([595, 842]);
		pages.forEach((t, i) => {
			expect(t).toContain(`page ${i + 1} / ${doc.numPages}`);
			expect(t).toContain('Rapport d’essai');
			expect(t).toContain('Produit le');
		});
		type Entry = { title: string; items: Entry[] };
		const outline = ((await doc.getOutline()) ?? []) as Entry[];
		expect(outline[0]?.title).toBe('Rapport d’essai');
		expect((await doc.getMarkInfo())?.Marked).toBe(true);
		// Nothing was fetched from another origin.
		expect(elsewhereAsked).toEqual([]);

		// Printed again for the same data and reader: from the cache, the page not asked again.
		const asked = ownAsked.length;
		const again = await reportPdf(
			'/rapport?programme=essai',
			{ key: 'user:1', sessionToken: 'jeton123' },
			'v1'
		);
		expect(again.cached).toBe(true);
		expect(ownAsked.length).toBe(asked);

		// Anonymous: no cookie is sent, and the first context's cookie did not outlive its print.
		const anonymous = await reportPdf('/rapport?programme=essai', { key: 'public' }, 'v1');
		const text = (await extractText(await getDocumentProxy(anonymous.pdf), { mergePages: true }))
			.text;
		expect(text).toContain('Session : aucune');
	}, 60_000);

	it('starts again after the browser is gone, and reports a browser that cannot start', async () => {
		const first = await Browser.launch({ executable: '/usr/bin/chromium', args: CHROMIUM_ARGS });
		const pid = first.pid!;
		expect(fs.existsSync(`/proc/${pid}`)).toBe(true);
		const version = await first.send<{ product: string }>('Browser.getVersion');
		expect(version.product).toMatch(/Chrome/);
		await first.close();
		expect(first.closed).toBe(true);
		await expect(first.send('Browser.getVersion')).rejects.toThrow('Chromium s’est arrêté');

		await expect(
			Browser.launch({ executable: '/nonexistent/chromium', args: [] })
		).rejects.toThrow();
	}, 30_000);

	it('runs the browser and every process it starts in the idle scheduling class', async () => {
		const b = await Browser.launch({
			executable: '/usr/bin/chromium',
			args: CHROMIUM_ARGS,
			nice: 10,
			idle: true
		});
		try {
			expect(b.idle).toBe(true);
			// A page: Chromium starts its renderer (and raises it to the foreground when it may).
			const { targetId } = await b.send<{ targetId: string }>('Target.createTarget', {
				url: 'about:blank'
			});
			expect(targetId).toBeTruthy();
			const stat = (pid: number) =>
				fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
			const family: number[] = [];
			const walk = (pid: number) => {
				family.push(pid);
				for (const task of fs.readdirSync(`/proc/${pid}/task`))
					for (const child of fs
						.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
						.split(/\s+/)
						.filter(Boolean))
						walk(Number(child));
			};
			walk(b.pid!);
			expect(family.length).toBeGreaterThan(2);
			for (const pid of family) {
				const fields = stat(pid);
				// /proc/<pid>/stat: field 41 is the scheduling policy (5, SCHED_IDLE). Chromium changes
				// its own processes' niceness when it may (as root, its browser process at -8 was
				// seen): in the idle class, no niceness gives it the cores back.
				expect({ pid, policy: Number(fields[38]) }).toEqual({ pid, policy: 5 });
			}
		} finally {
			await b.close();
		}
	}, 30_000);

	it('a print stuck on its page ends when the browser dies, and the next one succeeds', async () => {
		await reportPdf('/rapport?programme=avant', { key: 'public' }, 'v2');
		const stuck = reportPdf('/lent', { key: 'public' }, 'v2');
		const outcome = stuck.then(
			() => 'imprimé',
			(e: Error) => e.message
		);
		await new Promise((r) => setTimeout(r, 1_500));
		const chromiums = fs
			.readdirSync('/proc')
			.filter((p) => /^\d+$/.test(p))
			.filter((p) => {
				try {
					return (
						fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--remote-debugging-pipe') &&
						Number(fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(' ')[3]) === process.pid
					);
				} catch {
					return false;
				}
			});
		expect(chromiums.length).toBe(1);
		// The service's browser prints in the idle scheduling class (policy 5, field 41).
		expect(
			fs.readFileSync(`/proc/${chromiums[0]}/stat`, 'utf8').split(') ')[1].split(' ')[38]
		).toBe('5');
		const killedAt = Date.now();
		process.kill(Number(chromiums[0]), 'SIGKILL');
		// Not the job's 35 s limit: the print gives up as the browser goes.
		expect(await outcome).toMatch(/n’a pas pu être produit/);
		expect(Date.now() - killedAt).toBeLessThan(5_000);
		const after = await reportPdf('/rapport?programme=apres', { key: 'public' }, 'v2');
		expect(after.cached).toBe(false);
		expect(after.pdf.byteLength).toBeGreaterThan(1000);
	}, 60_000);
});
