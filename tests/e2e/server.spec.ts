import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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
	const sockets = () =>
		fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`grand-cahors-${server.pid}-`));

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
		const login = await fetch(`${BASE}/connexion`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: BASE,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				// A client cannot choose the address the sign-in throttle counts.
				'x-grand-cahors-client-address': '203.0.113.9'
			},
			body: new URLSearchParams({ email: ACCOUNTS.chef, password: DEMO_PASSWORD, redirectTo: '/' })
		});
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

	test('stops cleanly on SIGTERM: workers closed, sockets removed, exit code 0', async () => {
		const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
		server.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(sockets()).toHaveLength(0);
	});
});
