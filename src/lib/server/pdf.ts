import fs from 'node:fs';
import os from 'node:os';
import { Browser, type CdpEvent, type CdpTarget } from './cdp';
import { logger } from './log/logger';
import { isPrimary } from './runtime';
import { taskQueue, Busy } from './http/queue';
import { CHROMIUM_ARGS } from './chromium';
import { SESSION_COOKIE } from './auth/session';
import { formatPreciseDate, todayIso } from '../domain/dates';

const CHROMIUM = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const JOB_TIMEOUT_MS = 30_000;
/** Requests waiting behind the one being printed; beyond, the service says it is busy. */
const MAX_WAITING = 4;
/** Printed reports kept in memory (a report is a few hundred KB). */
const CACHE_ENTRIES = 12;

export function pdfAvailable(): boolean {
	return fs.existsSync(CHROMIUM());
}

/** The service is busy or the print failed: the message is for the user. */
export class PdfUnavailable extends Error {}

/**
 * The origin Chromium loads the report from: PDF_ORIGIN, else ORIGIN, else the local server. Never
 * the request's Host header, which a client chooses.
 */
export function pdfOrigin(env: Record<string, string | undefined> = process.env): string {
	const configured = env.PDF_ORIGIN ?? env.ORIGIN;
	if (configured) {
		try {
			return new URL(configured).origin;
		} catch {
			// an invalid setting falls back to the local server
		}
	}
	return `http://127.0.0.1:${env.PORT ?? '3000'}`;
}

let browser: Promise<Browser> | undefined;

/** Niceness of the printing browser's processes (Linux): the pages and the front come first. */
const CHROMIUM_NICE = 10;

/**
 * Lowers the priority of every thread of this process's child processes and theirs (the printing
 * browser: Chromium starts a dozen processes, each with its threads): printing a report keeps both
 * cores busy for a second or two, and the front thread, serving files and passing requests on,
 * must not wait for it (issue #16's probe: p99 67 ms during a print at the browser's default
 * priority). Processes Chromium starts later inherit it from their parent; a walk costs about 3 ms.
 * Elsewhere than Linux, or if not allowed, nothing changes.
 */
function lowerChildrenPriority(): void {
	const tasks = (pid: number) => {
		try {
			return fs.readdirSync(`/proc/${pid}/task`).map(Number);
		} catch {
			return [];
		}
	};
	const seen = new Set<number>();
	const visit = (pid: number, own: boolean) => {
		for (const tid of tasks(pid)) {
			if (!own) {
				try {
					if (os.getPriority(tid) < CHROMIUM_NICE) os.setPriority(tid, CHROMIUM_NICE);
				} catch {
					// exited, or not allowed
				}
			}
			let children: number[] = [];
			try {
				children = fs
					.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
					.split(/\s+/)
					.filter(Boolean)
					.map(Number);
			} catch {
				// exited, or not Linux
			}
			for (const c of children)
				if (!seen.has(c)) {
					seen.add(c);
					visit(c, false);
				}
		}
	};
	visit(process.pid, true);
}

/**
 * Launch flags that keep the printing browser on the report's origin at the network level, beside
 * the page's own request filter (which sees neither WebSockets nor a service worker's fetches): every
 * other address goes through a proxy that does not exist, loopback addresses included (`<-loopback>`
 * must come first: after the origin, it also undid the origin's own exception).
 */
export function confinedTo(origin: string): string[] {
	const { host } = new URL(origin);
	return ['--proxy-server=http://127.0.0.1:9', `--proxy-bypass-list=<-loopback>;${host}`];
}

/** One browser for the whole process, launched on first use and again if it ever exits. */
function sharedBrowser(): Promise<Browser> {
	// One printing browser per server: npm start's front sends every PDF to its writer.
	if (!isPrimary()) return Promise.reject(new Error('PDF asked of a reader thread'));
	if (browser) return browser;
	const launching: Promise<Browser> = (async () => {
		const options = {
			executable: CHROMIUM(),
			args: [
				...CHROMIUM_ARGS,
				'--disable-dev-shm-usage',
				'--hide-scrollbars',
				'--mute-audio',
				...confinedTo(pdfOrigin())
			],
			nice: CHROMIUM_NICE
		};
		// Chromium's start keeps both cores busy for a second, and a print for one or two. In the
		// idle scheduling class it prints on the time the server leaves (measured, 6 prints of the
		// national report, 4 runs each: the static probe's maximum 28-129 ms at niceness 10 only,
		// 22-32 ms idle; the prints as long). Niced only where the idle class is refused.
		let b: Browser;
		try {
			b = await Browser.launch({ ...options, idle: true });
		} catch (e) {
			logger.warn({ err: e }, 'PDF browser did not start in the idle class: started niced');
			b = await Browser.launch(options);
		}
		b.onExit(() => {
			if (browser === launching) browser = undefined;
		});
		if (!b.idle) lowerChildrenPriority();
		return b;
	})().catch((e: unknown) => {
		if (browser === launching) browser = undefined;
		throw e;
	});
	browser = launching;
	return launching;
}

/**
 * Launches the shared browser in the background (at start-up), so the first report printed does not
 * wait a second or two for Chromium to start. Failures are logged; printing retries on demand.
 */
export function warmPdfService(): void {
	if (!pdfAvailable()) return;
	sharedBrowser().catch((e: unknown) => logger.warn({ err: e }, 'PDF browser did not start'));
}

/** Closes the shared browser (at shutdown). */
export async function closePdfService(): Promise<void> {
	const b = browser;
	browser = undefined;
	if (b) await b.then((open) => open.close()).catch(() => undefined);
}

const cache = new Map<string, Uint8Array>();
const BUSY =
	'Le service d’impression est occupé : réessayez dans une minute, ou utilisez « Imprimer ».';
/** Signed-in readers have their own queue: anonymous visitors cannot keep them waiting. */
const queues = { staff: taskQueue(1, MAX_WAITING, BUSY), public: taskQueue(1, MAX_WAITING, BUSY) };

/** One printed report per data version and day, reader and filters. */
const reportKey = (path: string, readerKey: string, dataKey: string) =>
	`${dataKey}|${readerKey}|${path}`;

/** A report already printed for this data, reader and filters, if any (no queue, no limit). */
export function cachedReport(
	path: string,
	readerKey: string,
	dataKey: string
): Uint8Array | undefined {
	return cache.get(reportKey(path, readerKey, dataKey));
}

/** A4 portrait less the side margins of the report's @page rule (12 mm each side), in CSS pixels. */
export const PRINT_WIDTH_PX = Math.round(((210 - 2 * 12) / 25.4) * 96);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The running header and footer Chromium prints in the page margins (inline styles only). */
export function runningTemplates(producedOn: string): { header: string; footer: string } {
	const box =
		'font-family:system-ui,sans-serif;font-size:8pt;color:#333;width:100%;margin:0 12mm;display:flex;justify-content:space-between;';
	return {
		header: `<div style="${box}"><span class="title"></span><span>${escapeHtml(producedOn)}</span></div>`,
		footer: `<div style="${box}"><span>Grand Cahors · Programmes urbains</span><span>page <span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
	};
}

/** A4 in inches, as the DevTools protocol measures paper. */
const A4 = { paperWidth: 210 / 25.4, paperHeight: 297 / 25.4 };

/** Resolves with the first event of `target` that `match` accepts, unless `ended` comes first. */
function nextEvent(
	target: CdpTarget,
	match: (e: CdpEvent) => boolean,
	ended: Promise<never>
): Promise<CdpEvent> {
	let stop = () => {};
	return Promise.race([
		new Promise<CdpEvent>((resolve) => {
			stop = target.on((e) => {
				if (match(e)) resolve(e);
			});
		}),
		ended
	]).finally(() => stop());
}

/**
 * In the page: resolves once the page has loaded, every image is in, every chart says it is drawn
 * (or that it failed: its table has the data) and the fonts are ready; after 10 s it prints what
 * is there. (Chromium's own "networkIdle" comes 0.5 to 2 s after the last request: it is checked by
 * a watchdog while the page is idle.)
 */
const PAGE_READY = `new Promise((resolve) => {
	const ready = () => document.readyState === 'complete' &&
		[...document.images].every((i) => i.complete) &&
		[...document.querySelectorAll('canvas[data-chart]')].every(
			(c) => ['true', 'failed'].includes(c.getAttribute('data-ready')));
	const check = () => (ready() ? document.fonts.ready.then(() => resolve(true)) : setTimeout(check, 50));
	setTimeout(() => resolve(false), 10000);
	check();
})`;

async function render(
	path: string,
	sessionToken: string | undefined,
	producedOn: string,
	signal: AbortSignal
): Promise<Uint8Array> {
	const origin = pdfOrigin();
	const b = await sharedBrowser();
	// Every step below gives up when the job's time is up, the browser exits, or the page's renderer
	// crashes or is detached; the context is then disposed all the same (finally).
	let end = (_: Error) => {};
	const ended = new Promise<never>((_, reject) => (end = reject));
	ended.catch(() => undefined);
	const onAbort = () => end(new Error('délai dépassé'));
	signal.addEventListener('abort', onAbort, { once: true });
	const offExit = b.onExit(() => end(new Error('Chromium s’est arrêté')));
	const step = <T>(p: Promise<T>) => Promise.race([p, ended]);
	// A context of its own (cookies, cache), thrown away after the print.
	const { browserContextId } = await step(
		b.send<{ browserContextId: string }>('Target.createBrowserContext', { disposeOnDetach: true })
	);
	// Chromium sets a page's renderer to the foreground priority itself when it may (as root): unless
	// it runs in the idle class, which no priority overrides, the browser's processes are lowered
	// again every 100 ms while a report prints.
	const lowering = b.idle ? undefined : setInterval(lowerChildrenPriority, 100);
	const stops: (() => void)[] = [];
	try {
		// The report is printed as the person asking sees it (their own session), else anonymously.
		if (sessionToken)
			await step(
				b.send('Storage.setCookies', {
					browserContextId,
					cookies: [{ name: SESSION_COOKIE, value: sessionToken, url: origin, httpOnly: true }]
				})
			);
		const { targetId } = await step(
			b.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank', browserContextId })
		);
		if (!b.idle) lowerChildrenPriority();
		const { sessionId } = await step(
			b.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })
		);
		stops.push(
			b.on(({ method, params }) => {
				if (
					(method === 'Target.detachedFromTarget' && params.sessionId === sessionId) ||
					(method === 'Target.targetCrashed' && params.targetId === targetId)
				)
					end(new Error('la page du rapport s’est arrêtée'));
			})
		);
		const page = b.session(sessionId);
		// Nothing but our own origin may load: a link or image elsewhere is not fetched (and the
		// browser's proxy settings, at launch, stop what this page's session does not see).
		stops.push(
			page.on(({ method, params }) => {
				if (method === 'Inspector.targetCrashed') return end(new Error('la page s’est arrêtée'));
				if (method !== 'Fetch.requestPaused') return;
				const { requestId, request } = params as { requestId: string; request: { url: string } };
				let own = false;
				try {
					own = new URL(request.url).origin === origin;
				} catch {
					// not a URL: refused
				}
				page
					.send(
						own ? 'Fetch.continueRequest' : 'Fetch.failRequest',
						own ? { requestId } : { requestId, errorReason: 'BlockedByClient' }
					)
					.catch(() => undefined);
			})
		);
		await step(
			Promise.all([
				page.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] }),
				page.send('Inspector.enable'),
				page.send('Page.enable'),
				page.send('Page.setLifecycleEventsEnabled', { enabled: true }),
				page.send('Emulation.setEmulatedMedia', { media: 'print' }),
				// Laid out at the printed width from the start: charts are drawn for the page, never cut.
				page.send('Emulation.setDeviceMetricsOverride', {
					width: PRINT_WIDTH_PX,
					height: 1100,
					deviceScaleFactor: 1,
					mobile: false
				}),
				page.send('Emulation.setLocaleOverride', { locale: 'fr-FR' }),
				page.send('Emulation.setTimezoneOverride', { timezoneId: 'Europe/Paris' })
			])
		);
		// The navigation started here, not the blank page before it, has loaded; then the page is
		// asked whether its images, charts and fonts are ready.
		const lifecycle: CdpEvent[] = [];
		stops.push(
			page.on((e) => {
				if (e.method === 'Page.lifecycleEvent') lifecycle.push(e);
			})
		);
		const { loaderId, errorText } = await step(
			page.send<{ loaderId?: string; errorText?: string }>('Page.navigate', {
				url: `${origin}${path}`
			})
		);
		if (errorText) throw new Error(`navigation: ${errorText}`);
		const loaded = (e: CdpEvent) =>
			e.method === 'Page.lifecycleEvent' &&
			e.params.name === 'load' &&
			e.params.loaderId === loaderId;
		if (!lifecycle.some(loaded)) await nextEvent(page, loaded, ended);
		await step(page.send('Runtime.evaluate', { expression: PAGE_READY, awaitPromise: true }));
		const { header, footer } = runningTemplates(producedOn);
		const { data } = await step(
			page.send<{ data: string }>('Page.printToPDF', {
				...A4,
				marginTop: 0,
				marginBottom: 0,
				marginLeft: 0,
				marginRight: 0,
				printBackground: true,
				preferCSSPageSize: true,
				displayHeaderFooter: true,
				headerTemplate: header,
				footerTemplate: footer,
				// Headings become the PDF's bookmarks; the structure tree makes it readable by assistive tools.
				generateDocumentOutline: true,
				generateTaggedPDF: true
			})
		);
		return new Uint8Array(Buffer.from(data, 'base64'));
	} finally {
		clearInterval(lowering);
		for (const stop of stops) stop();
		signal.removeEventListener('abort', onAbort);
		offExit();
		await b
			.send('Target.disposeBrowserContext', { browserContextId }, 5_000)
			.catch(() => undefined);
	}
}

/**
 * The report at `path` (e.g. "/rapport?programme=x") as a PDF: served from the cache when the same
 * data (`dataKey`: data version and day), parameters and reader were printed before; otherwise
 * printed by the shared browser, one at a time, within a time limit.
 */
export async function reportPdf(
	path: string,
	reader: { key: string; sessionToken?: string },
	dataKey: string
): Promise<{ pdf: Uint8Array; cached: boolean }> {
	const key = reportKey(path, reader.key, dataKey);
	const hit = cache.get(key);
	if (hit) return { pdf: hit, cached: true };
	try {
		const queue = reader.key === 'public' ? queues.public : queues.staff;
		const pdf = await queue.run(async () => {
			const again = cache.get(key);
			if (again) return again;
			// The job's time limit ends the print itself (render gives up and disposes its context); a
			// browser that let it run out is started afresh for the next report.
			const job = new AbortController();
			const timer = setTimeout(() => job.abort(), JOB_TIMEOUT_MS + 5_000);
			try {
				const printed = await render(
					path,
					reader.sessionToken,
					`Produit le ${formatPreciseDate(todayIso(), 'day')}`,
					job.signal
				);
				cache.set(key, printed);
				while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
				return printed;
			} catch (e) {
				if (job.signal.aborted) await closePdfService();
				throw e;
			} finally {
				clearTimeout(timer);
			}
		});
		return { pdf, cached: false };
	} catch (e) {
		if (e instanceof Busy) throw new PdfUnavailable(e.message);
		logger.error({ err: e, path }, 'pdf');
		throw new PdfUnavailable(
			'Le PDF n’a pas pu être produit. Ouvrez le rapport et utilisez « Imprimer » du navigateur.'
		);
	}
}
