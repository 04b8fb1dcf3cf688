/**
 * npm run bench:hostile — the server started as `npm start` starts it (192 MB heap, the real data)
 * takes 20 concurrent hostile requests: uploads (a zip bomb, oversize and Windows-1252 files, a
 * 10 001-row sheet, shared-string amplification, 720 000 cells) and PDF reports, twice over. Its memory is sampled throughout; it must stay
 * under 300 MB and still answer afterwards. Writes bench/hostile.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD } from '../src/lib/server/users/commands';
import { waitFor, rssOf, signIn, startServer } from './server';

const PORT = 4391;
const BASE = `http://127.0.0.1:${PORT}`;
const DB = path.resolve('bench/hostile.db');
const BUDGET_MB = 300;
const log = (s: string) => process.stdout.write(`${s}\n`);

const rssMb = (pid: number) => rssOf(pid) / (1024 * 1024);

/** Signs in as the demo project manager; returns the session cookie. */
const signInChef = () => signIn(BASE, 'chef@demo.grandcahors.fr', DEMO_PASSWORD);

/** A genuine workbook whose shared strings hold one 40 MB string (a 47 KB file). */
async function bomb(): Promise<Blob> {
	const wb = new ExcelJS.Workbook();
	wb.addWorksheet('financements').addRow(['programme']);
	const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
	zip.file('xl/sharedStrings.xml', `<sst><si><t>${'A'.repeat(40 * 1024 * 1024)}</t></si></sst>`);
	return new Blob([
		new Uint8Array(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))
	]);
}

/** Shared strings made of millions of empty elements: few bytes, many objects. */
async function elements(): Promise<Blob> {
	const wb = new ExcelJS.Workbook();
	wb.addWorksheet('financements').addRow(['programme']);
	const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
	zip.file('xl/sharedStrings.xml', `<sst><si>${'<r/>'.repeat(4_800_000)}</si></sst>`);
	return new Blob([
		new Uint8Array(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))
	]);
}

/** A small XLSX whose cells all repeat one long shared string. */
async function amplification(): Promise<Blob> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('financements');
	const long = 'x'.repeat(5_000);
	for (let i = 0; i < 4_000; i++) ws.addRow(Array.from({ length: 12 }, () => long));
	return new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]);
}

/** 720 000 numeric cells: a 2 MB file that an in-memory reader would hold whole. */
async function manyCells(): Promise<Blob> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('financements');
	for (let i = 0; i < 10_000; i++) ws.addRow(Array.from({ length: 72 }, (_, j) => i * j));
	return new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]);
}

function uploads(): Promise<[string, Blob, string]>[] {
	const header =
		'programme;rattachement;financeur;libelle;nature;montant;ht_ttc;etat;engage_le;version';
	const rows = (n: number) =>
		[
			header,
			...Array.from({ length: n }, (_, i) => `terre-rouge;x;;Ligne ${i};subsidy;1;TTC;planned;;`)
		].join('\r\n');
	const latin1 = Buffer.from(
		`${header}\r\nterre-rouge;x;;R\u00e9novation;subsidy;1;TTC;planned;;`,
		'latin1'
	);
	return [
		bomb().then((b) => ['zip bomb (40 MB inflated)', b, 'bombe.xlsx']),
		amplification().then((b) => ['shared-string amplification', b, 'amplification.xlsx']),
		elements().then((b) => ['millions of empty elements', b, 'elements.xlsx']),
		manyCells().then((b) => ['720 000 cells', b, 'cellules.xlsx']),
		Promise.resolve(['6 MB body', new Blob(['x'.repeat(6 * 1024 * 1024)]), 'gros.csv']),
		Promise.resolve(['5 MB CSV of one cell', new Blob(['a;'.repeat(2_500_000)]), 'cellule.csv']),
		Promise.resolve(['10 001 rows', new Blob([rows(10_001)]), 'lignes.csv']),
		Promise.resolve(['Windows-1252', new Blob([new Uint8Array(latin1)]), 'excel.csv'])
	];
}

async function main() {
	if (!fs.existsSync('build/index.js') || process.env.BENCH_BUILD !== '0') {
		log('Building the app…');
		execSync('npm run build', { stdio: 'ignore' });
	}
	fs.rmSync(DB, { force: true });
	const server = startServer(PORT, DB, { DEMO: '1' }, process.env.HOSTILE_NODE_ARGS?.split(' '));
	let peak = 0;
	const sampler = setInterval(() => {
		try {
			peak = Math.max(peak, rssMb(server.pid!));
		} catch {
			/* exited */
		}
	}, 50);
	const outcome: Record<string, number[]> = {};
	try {
		await waitFor(`${BASE}/favicon.svg`);
		const cookie = await signInChef();
		const rssBefore = rssMb(server.pid!);
		const only = process.env.HOSTILE_ONLY;
		const files = await Promise.all(uploads());
		const programmes = ['terre-rouge', 'contrat-de-ville', 'action-coeur-de-ville', 'opah-ru', ''];
		const started = Date.now();
		const requests: Promise<void>[] = [];
		for (let round = 0; round < 2; round++) {
			for (const [name, blob, fileName] of only === 'pdf' ? [] : files) {
				const form = new FormData();
				form.set('list', 'financements');
				form.set('file', blob, fileName);
				requests.push(
					fetch(`${BASE}/donnees/import?/preview`, {
						method: 'POST',
						redirect: 'manual',
						headers: { cookie, origin: BASE, accept: 'application/json' },
						body: form
					})
						.then(async (r) => {
							// SvelteKit answers an action asked for JSON with 200 and the action's own status.
							const body = r.headers.get('content-type')?.includes('json')
								? ((await r.json()) as { status?: number })
								: {};
							(outcome[`upload: ${name}`] ??= []).push(body.status ?? r.status);
						})
						.catch(() => void (outcome[`upload: ${name}`] ??= []).push(0))
				);
			}
			for (const p of only === 'uploads' ? [] : programmes)
				requests.push(
					fetch(`${BASE}/rapport.pdf${p ? `?programme=${p}` : ''}`, { headers: { cookie } })
						.then(async (r) => {
							await r.arrayBuffer();
							(outcome[`pdf: ${p || 'tous'}`] ??= []).push(r.status);
						})
						.catch(() => void (outcome[`pdf: ${p || 'tous'}`] ??= []).push(0))
				);
		}
		await Promise.all(requests);
		const seconds = (Date.now() - started) / 1000;
		const alive = (await fetch(`${BASE}/`)).status;
		const rssAfter = rssMb(server.pid!);
		const result = {
			at: new Date().toISOString(),
			node: process.version,
			concurrentRequests: requests.length,
			seconds,
			rssBeforeMb: Math.round(rssBefore),
			peakRssMb: Math.round(peak),
			rssAfterMb: Math.round(rssAfter),
			budgetMb: BUDGET_MB,
			aliveAfter: alive,
			statuses: outcome
		};
		fs.writeFileSync('bench/hostile.json', `${JSON.stringify(result, null, '\t')}\n`);
		log(JSON.stringify(result, null, 2));
		const ok =
			alive === 200 &&
			peak < BUDGET_MB &&
			!Object.values(outcome)
				.flat()
				.some((s) => s === 0 || (s >= 500 && s !== 503));
		log(ok ? 'OK: the server survived within its memory budget.' : 'FAILED');
		process.exitCode = ok ? 0 : 1;
	} finally {
		clearInterval(sampler);
		server.kill('SIGTERM');
		fs.rmSync(DB, { force: true });
		for (const suffix of ['-wal', '-shm']) fs.rmSync(DB + suffix, { force: true });
	}
}

await main();
