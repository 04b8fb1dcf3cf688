/**
 * npm run bench: builds the app, generates the national dataset, serves it with the built server and
 * measures each route for 10 s at 10 connections with autocannon; prints the table and the budgets,
 * writes bench/results.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execSync, spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { generate } from './generate';
import { waitFor, rssOf } from './server';

const PORT = 4390;
const BASE = `http://127.0.0.1:${PORT}`;
const DB = path.resolve('bench/national.db');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;

function log(s: string) {
	process.stdout.write(`${s}\n`);
}

/** Every latency of the run, so p95 is exact (autocannon's summary has p90 and p97.5, not p95). */
function measure(url: string): Promise<{
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	requests: number;
	errors: number;
	non2xx: number;
}> {
	return new Promise((resolve, reject) => {
		const latencies: number[] = [];
		const instance = autocannon(
			{ url, connections: CONNECTIONS, duration: DURATION },
			(err, result) => {
				if (err) return reject(err instanceof Error ? err : new Error(String(err)));
				latencies.sort((a, b) => a - b);
				const at = (q: number) =>
					latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
				resolve({
					rps: result.requests.average,
					p50: at(0.5),
					p95: at(0.95),
					p99: at(0.99),
					requests: result.requests.total,
					errors: result.errors,
					non2xx: result.non2xx
				});
			}
		);
		instance.on(
			'response',
			(_client: unknown, _status: number, _bytes: number, responseTime: number) =>
				latencies.push(responseTime)
		);
	});
}

/** Gzipped JavaScript a page type loads up front: entry + root layout + its page node, static imports only. */
function pageJavaScript(): Record<string, number> {
	const out = '.svelte-kit/output/client';
	const manifest = JSON.parse(
		fs.readFileSync(path.join(out, '.vite/manifest.json'), 'utf8')
	) as Record<string, { file: string; imports?: string[]; isEntry?: boolean; src?: string }>;
	const gz = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(out, file))).length;
	const closure = (keys: string[]) => {
		const seen = new Set<string>();
		const walk = (k: string) => {
			if (seen.has(k) || !manifest[k]) return;
			seen.add(k);
			for (const i of manifest[k].imports ?? []) walk(i);
		};
		keys.forEach(walk);
		return [...seen].reduce((s, k) => s + gz(manifest[k].file), 0);
	};
	const entries = Object.keys(manifest).filter(
		(k) => k.includes('client/entry') || k.endsWith('/app.js')
	);
	const nodeKey = (route: string) => {
		const dir = '.svelte-kit/generated/client-optimized/nodes';
		for (const f of fs.readdirSync(dir)) {
			const src = fs.readFileSync(path.join(dir, f), 'utf8');
			if (src.includes(`src/routes${route}/+page.svelte`))
				return Object.keys(manifest).find((k) => k.endsWith(`nodes/${f}`))!;
		}
		throw new Error(`no node for ${route}`);
	};
	const layout = Object.keys(manifest).find((k) => k.endsWith('nodes/0.js'))!;
	const pages: Record<string, string> = {
		'tableau de bord': '',
		programme: '/programmes/[slug]',
		action: '/programmes/[slug]/actions/[code]',
		opération: '/operations/[slug]',
		carte: '/carte',
		'simulateur OPAH-RU': '/opah-ru/simulateur'
	};
	return Object.fromEntries(
		Object.entries(pages).map(([name, route]) => [
			name,
			closure([...entries, layout, nodeKey(route)])
		])
	);
}

async function main() {
	const t0 = Date.now();
	log('Building the app…');
	execSync('npm run build', { stdio: 'ignore' });
	log('Generating the national dataset…');
	const dataset = generate({ file: DB });
	log(`  ${JSON.stringify(dataset.counts)} in ${dataset.seconds.toFixed(1)} s`);

	// The same heap limit as npm start: V8 otherwise grows its heap lazily up to a quarter of the machine's memory.
	const server = spawn(
		process.execPath,
		['--max-old-space-size=192', '--max-semi-space-size=2', 'build'],
		{
			env: {
				...process.env,
				DATABASE_PATH: DB,
				PORT: String(PORT),
				HOST: '127.0.0.1',
				ORIGIN: BASE,
				DEMO: ''
			},
			stdio: ['ignore', 'ignore', 'inherit']
		}
	);
	try {
		await waitFor(`${BASE}/favicon.svg`);
		const routes: [string, string][] = [
			['fichier statique (référence)', '/favicon.svg'],
			['tableau de bord', '/'],
			['page programme', '/programmes/acv-46042'],
			['page action', '/programmes/acv-46042/actions/3'],
			['lieux GeoJSON (programme)', '/api/v1/places.geojson?programme=acv-46042'],
			['API financements (programme)', '/api/v1/funding?programme=acv-46042'],
			['export CSV financements (programme)', '/api/v1/funding.csv?programme=acv-46042']
		];
		const results: Record<
			string,
			Awaited<ReturnType<typeof measure>> & { path: string; ratio?: number }
		> = {};
		for (const [name, p] of routes) {
			await fetch(BASE + p).then((r) => r.arrayBuffer()); // warm-up
			log(`Measuring ${name} (${p})…`);
			results[name] = { path: p, ...(await measure(BASE + p)) };
		}
		const base = results['fichier statique (référence)'].p50;
		for (const r of Object.values(results)) r.ratio = r.p50 / base;
		const rss = rssOf(server.pid!);
		const js = pageJavaScript();

		const budgets = [
			...Object.entries(results)
				.filter(([n]) => !n.startsWith('fichier'))
				.flatMap(([n, r]) => [
					{
						budget: `${n} : p95 < 50 ms`,
						value: `${r.p95.toFixed(1)} ms`,
						pass: r.p95 < 50 && r.errors === 0 && r.non2xx === 0
					},
					{
						budget: `${n} : p50 ≤ 10 × référence`,
						value: `${r.ratio!.toFixed(1)} ×`,
						pass: r.ratio! <= 10
					}
				]),
			...Object.entries(js).map(([page, bytes]) => ({
				budget: `JS ${page} ≤ 150 Ko gzip`,
				value: `${(bytes / 1024).toFixed(1)} Ko`,
				pass: bytes <= 150 * 1024
			})),
			{
				budget: 'RSS du serveur après le banc < 300 Mo',
				value: `${(rss / 1024 / 1024).toFixed(0)} Mo`,
				pass: rss < 300 * 1024 * 1024
			}
		];
		log('\n| route | req/s | p50 (ms) | p95 (ms) | p99 (ms) | p50 / référence |');
		log('|---|---:|---:|---:|---:|---:|');
		for (const [n, r] of Object.entries(results))
			log(
				`| ${n} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.ratio!.toFixed(1)} |`
			);
		log('\n| budget | mesure | résultat |');
		log('|---|---:|---|');
		for (const b of budgets) log(`| ${b.budget} | ${b.value} | ${b.pass ? 'OK' : 'ÉCHEC'} |`);
		const totalSeconds = (Date.now() - t0) / 1000;
		log(
			`\nJeu national généré en ${dataset.seconds.toFixed(1)} s ; banc complet en ${totalSeconds.toFixed(0)} s ; machine : ${os.cpus().length} cœurs, ${(os.totalmem() / 2 ** 30).toFixed(0)} Go, Node ${process.version}.`
		);
		fs.writeFileSync(
			'bench/results.json',
			JSON.stringify(
				{
					date: new Date().toISOString(),
					machine: {
						cpus: os.cpus().length,
						model: os.cpus()[0]?.model,
						memoryGiB: Math.round(os.totalmem() / 2 ** 30),
						node: process.version
					},
					dataset,
					durationSeconds: DURATION,
					connections: CONNECTIONS,
					results,
					javascriptGzipBytes: js,
					rssBytes: rss,
					budgets,
					totalSeconds
				},
				null,
				2
			)
		);
		const failed = budgets.filter((b) => !b.pass).length;
		log(failed ? `${failed} budget(s) en échec.` : 'Tous les budgets sont tenus.');
	} finally {
		server.kill('SIGTERM');
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
