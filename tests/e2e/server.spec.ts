import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test, expect, ACCOUNTS, DEMO_PASSWORD } from './fixtures';

/**
 * npm start's server as an operator runs it: a front thread and a pool of SvelteKit workers
 * (scripts/serve.mjs). Started here on its own database, with two readers, and stopped by SIGTERM.
 */
const PORT = 4176;
const BASE = `http://127.0.0.1:${PORT}`;
const DB = 'test-results/e2e-pool.db';

async function waitFor(url: string, ms = 60_000) {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`no answer from ${url}`);
}

test.describe('the server pool (npm start)', () => {
	let server: ChildProcess;
	let output = '';
	/** The folders of this server's worker sockets (one, private to its user) and the sockets in them. */
	const socketDirs = () =>
		fs
			.readdirSync(os.tmpdir())
			.filter((f) => f.startsWith(`grand-cahors-${server.pid}-`))
			.map((f) => path.join(os.tmpdir(), f));
	const sockets = () =>
		socketDirs().flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.sock')));
	/** Signs in through the form (a write: the writer answers); the 303 is returned as is. */
	const signIn = (email: string, headers: Record<string, string> = {}) =>
		fetch(`${BASE}/connexion`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: BASE,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				...headers
			},
			body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: '/' })
		});
	/** A raw HTTP exchange, for what fetch will not send. */
	const raw = (text: string) =>
		new Promise<string>((resolve) => {
			let answer = '';
			const s = net.connect(PORT, '127.0.0.1', () => s.write(text));
			s.on('data', (d) => (answer += d.toString()));
			s.on('end', () => resolve(answer));
			// The server may close while the rest is still being sent: its answer is what counts.
			s.on('error', () => resolve(answer));
			setTimeout(() => {
				s.destroy();
				resolve(answer);
			}, 5_000);
		});

	test.beforeAll(async () => {
		for (const f of fs.readdirSync('test-results').filter((f) => f.startsWith('e2e-pool.db')))
			fs.rmSync(`test-results/${f}`);
		server = spawn(process.execPath, ['scripts/serve.mjs'], {
			env: {
				...process.env,
				PORT: String(PORT),
				HOST: '127.0.0.1',
				ORIGIN: BASE,
				DATABASE_PATH: DB,
				DEMO: '1',
				SERVER_READERS: '2',
				PDF_PREWARM: '0',
				NOTIFICATIONS_SCHEDULER: '0',
				LOG_LEVEL: 'warn'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
		server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
		await waitFor(`${BASE}/api/v1/programmes`);
	});

	test.afterAll(() => {
		if (server.exitCode === null) server.kill('SIGKILL');
	});

	test('serves static files itself, pages from the workers, and a session across them', async () => {
		expect(output).toContain('1 writer, 2 reader(s)');
		expect(sockets()).toHaveLength(3);
		expect(socketDirs()).toHaveLength(1);
		expect(fs.statSync(socketDirs()[0]).mode & 0o777).toBe(0o700);

		// A static file is the front thread's: no SvelteKit request id on it.
		const icon = await fetch(`${BASE}/favicon.svg`);
		expect(icon.status).toBe(200);
		expect(icon.headers.get('content-type')).toContain('image/svg+xml');
		expect(icon.headers.get('x-request-id')).toBeNull();

		// A page is a worker's, with its security headers and request id.
		const home = await fetch(`${BASE}/`);
		expect(home.status).toBe(200);
		expect(home.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		expect(home.headers.get('content-security-policy')).toBeTruthy();
		expect(await home.text()).toContain('Grand Cahors');

		// Signing in is a write (the writer); the session it creates is read by whichever reader
		// answers the next pages, several at once.
		// A client cannot choose the address the sign-in throttle counts.
		const login = await signIn(ACCOUNTS.chef, { 'x-grand-cahors-client-address': '203.0.113.9' });
		expect(login.status).toBe(303);
		const cookie = login.headers.get('set-cookie')!.split(';')[0];
		const pages = await Promise.all(
			Array.from({ length: 6 }, () =>
				fetch(`${BASE}/compte`, { headers: { cookie }, redirect: 'manual' }).then(async (r) => ({
					status: r.status,
					body: await r.text()
				}))
			)
		);
		for (const p of pages) {
			expect(p.status).toBe(200);
			expect(p.body).toContain(ACCOUNTS.chef);
		}

		// An unknown form action is refused in French by the worker, the front passing the body on.
		const refused = await fetch(`${BASE}/?/default`, {
			method: 'POST',
			headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded', cookie },
			body: 'a=1'
		});
		expect(refused.status).toBe(400);
		expect(await refused.text()).toBe('Action de formulaire inconnue.');
	});

	test('reads wait at the front for a free reader; one who leaves while waiting blocks no one', async () => {
		const login = await signIn(ACCOUNTS.chef, { 'x-grand-cahors-client-address': '203.0.113.10' });
		const cookie = login.headers.get('set-cookie')!.split(';')[0];
		const read = (signal?: AbortSignal) =>
			fetch(`${BASE}/programmes`, { headers: { cookie }, signal }).then(async (r) => ({
				status: r.status,
				body: await r.text()
			}));
		// Twelve at once on two readers: ten wait at the front; four of them leave before their turn.
		const leaving = Array.from({ length: 4 }, () => new AbortController());
		const burst = Array.from({ length: 12 }, (_, i) =>
			read(i >= 8 ? leaving[i - 8].signal : undefined).catch((e: Error) => e.name)
		);
		for (const c of leaving) c.abort();
		// Meanwhile a write goes to the writer, which no read keeps busy.
		const write = await signIn(ACCOUNTS.chef, { 'x-grand-cahors-client-address': '203.0.113.11' });
		expect(write.status).toBe(303);
		const answers = await Promise.all(burst);
		for (const a of answers.slice(0, 8)) expect(a).toMatchObject({ status: 200 });
		expect(answers.slice(8)).toEqual(Array(4).fill('AbortError'));
		// Nothing is left waiting: the next reads are served.
		for (const a of await Promise.all([read(), read(), read()])) {
			expect(a.status).toBe(200);
			expect(a.body).toContain('Programmes');
		}
	});

	test('refuses what is no request of ours in French, and prints a PDF however its path is spelled', async () => {
		// A body over the outer bound sent without a declared length: 413 in French, not "restarting".
		const chunk = `${(64 * 1024).toString(16)}\r\n${'a'.repeat(64 * 1024)}\r\n`;
		const tooBig = await raw(
			`POST /connexion HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${BASE}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
				chunk.repeat(7 * 16) +
				'0\r\n\r\n'
		);
		expect(tooBig).toMatch(/^HTTP\/1\.1 413/);
		expect(tooBig).toContain('Envoi trop volumineux (6 Mo au plus).');
		// An absolute-form target is no page of ours.
		const absolute = await raw(
			'GET http://evil.example/x HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'
		);
		expect(absolute).toMatch(/^HTTP\/1\.1 400/);
		expect(absolute).toContain('Adresse de la demande invalide.');
		// "/rapport%2Epdf" is the report's PDF: printed by the writer, like "/rapport.pdf".
		const pdf = await fetch(`${BASE}/rapport%2Epdf?programme=terre-rouge`);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
	});

	test('slow bodies hold no worker: pages and sign-in still answer', async () => {
		// 300 uploads that never finish (more than the front keeps open to each worker), and GETs
		// announcing a body they never send.
		const slow = Array.from({ length: 300 }, (_, i) =>
			net.connect(PORT, '127.0.0.1', function (this: net.Socket) {
				const method = i % 2 ? 'POST /connexion' : 'GET /api/v1/programmes';
				this.write(
					`${method} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${BASE}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\na`
				);
			})
		);
		try {
			await new Promise((r) => setTimeout(r, 500));
			const started = Date.now();
			const page = await fetch(`${BASE}/api/v1/programmes`);
			expect(page.status).toBe(200);
			const login = await signIn(ACCOUNTS.elu);
			expect(login.status).toBe(303);
			expect(Date.now() - started).toBeLessThan(5_000);
		} finally {
			for (const s of slow) s.destroy();
		}
	});

	test('uploads that fill the front’s memory budget do not stop sign-in; one address holds one body', async () => {
		const MB = 1024 * 1024;
		/** An upload of `size` bytes from `address`, `sent` of them sent; its answer, if any, is kept. */
		const upload = (address: string, size: number, sent: number) => {
			const got = { answer: '', socket: null as net.Socket | null };
			const ready = new Promise<void>((resolve) => {
				const s = net.connect({ port: PORT, host: '127.0.0.1', localAddress: address }, () => {
					s.write(
						`POST /donnees/import?/preview HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${BASE}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`
					);
					s.write(Buffer.alloc(sent, 'a'), () => resolve());
				});
				got.socket = s;
				s.on('data', (d) => (got.answer += d.toString()));
				s.on('error', () => resolve());
			});
			return { got, ready };
		};
		// Six clients (127.0.0.2…7) hold 32 MB less 205 bytes between them, and stall.
		const full = 6 * MB - 1;
		const sizes = [full, full, full, full, full, 2 * MB - 200];
		const held = sizes.map((n, i) => upload(`127.0.0.${i + 2}`, n + 1, n));
		await Promise.all(held.map((h) => h.ready));
		const tries: ReturnType<typeof upload>[] = [];
		/**
		 * An upload's answer once the front has read the held bodies: written to the connection is not
		 * yet read by the front (a loaded machine's socket buffers hold megabytes), so an answer other
		 * than a 503 means "try again in a moment", for ten seconds at most.
		 */
		const answerOnceFull = async (address: string, size: number) => {
			for (let i = 0; i < 40; i++) {
				const u = upload(address, size, size);
				tries.push(u);
				await u.ready;
				await expect.poll(() => u.got.answer).toMatch(/^HTTP\/1\.1 \d{3}/);
				if (u.got.answer.startsWith('HTTP/1.1 503')) return u.got.answer;
				u.got.socket?.destroy();
				await new Promise((r) => setTimeout(r, 250));
			}
			return tries[tries.length - 1].got.answer;
		};
		try {
			// Another upload finds the budget full; an address that holds a full body gets no second.
			expect(await answerOnceFull('127.0.0.9', 2 * MB)).toContain(
				'Trop d’envois en cours : réessayez dans une minute.'
			);
			expect(await answerOnceFull('127.0.0.2', MB)).toContain(
				'Trop d’envois en cours depuis votre adresse'
			);
			// A sign-in is a small body: it still goes through.
			const login = await signIn(ACCOUNTS.elu);
			expect(login.status).toBe(303);
		} finally {
			for (const h of [...held, ...tries]) h.got.socket?.destroy();
		}
	});

	test('the rest of a refused body is not read for ever', async () => {
		const started = Date.now();
		const closed = await new Promise<number>((resolve) => {
			const s = net.connect(PORT, '127.0.0.1', () => {
				s.write(
					`POST /connexion HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${BASE}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`
				);
				const chunk = `${(64 * 1024).toString(16)}\r\n${'a'.repeat(64 * 1024)}\r\n`;
				const pump = () => {
					while (!s.destroyed && s.write(chunk));
					if (!s.destroyed) s.once('drain', pump);
				};
				pump();
			});
			s.on('data', () => undefined);
			s.on('close', () => resolve(Date.now() - started));
			s.on('error', () => undefined);
		});
		// 413 at 6 MB, then a few seconds to read the answer, then the connection is cut.
		expect(closed).toBeLessThan(15_000);
	});

	test('stops cleanly on SIGTERM: workers closed, sockets removed, exit code 0', async () => {
		const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
		server.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(socketDirs()).toHaveLength(0);
	});
});
