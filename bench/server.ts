import fs from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';

/** Waits until the server answers `url` (it migrates and seeds on first start). */
export async function waitFor(url: string, ms = 90_000): Promise<void> {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`Server did not answer ${url}`);
}

/** A process's resident memory, in bytes (Linux). */
export function rssOf(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

/** The resident memory of a process's descendants (the PDF service's Chromium), in bytes. */
export function childrenRssOf(pid: number): number {
	let total = 0;
	const walk = (p: number) => {
		// Every thread's children: the PDF browser is started by a worker thread, not the main one.
		const children: string[] = [];
		try {
			for (const task of fs.readdirSync(`/proc/${p}/task`))
				children.push(
					...fs
						.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8')
						.trim()
						.split(/\s+/)
						.filter(Boolean)
				);
		} catch {
			return;
		}
		for (const c of children.map(Number)) {
			try {
				total += rssOf(c);
			} catch {
				/* exited */
			}
			walk(c);
		}
	};
	walk(pid);
	return total;
}

const START_WORDS = (
	JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string } }
).scripts.start.split(' ');
/** The Node flags `npm start` runs the server with (package.json), so benches measure the same process. */
export const START_FLAGS = START_WORDS.slice(0, START_WORDS.indexOf('scripts/serve.mjs')).filter(
	(w) => w.startsWith('--')
);
/** The environment `npm start` sets for the server (e.g. MALLOC_ARENA_MAX). */
export const START_ENV = Object.fromEntries(
	START_WORDS.filter((w) => /^[A-Z_]+=\S+$/.test(w)).map((w) => w.split('=') as [string, string])
);

/** Signs in through the real form; returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
	const res = await fetch(`${base}/connexion`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: base,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password, redirectTo: '/' })
	});
	const cookie = res.headers.get('set-cookie')?.split(';')[0];
	if (!cookie || res.status !== 303) throw new Error(`sign-in failed for ${email}: ${res.status}`);
	return cookie;
}

/** The built server as `npm start` runs it (same entry point and Node flags), on its own database. */
export function startServer(
	port: number,
	database: string,
	env: Record<string, string>,
	flags: string[] = START_FLAGS
): ChildProcess {
	return spawn(process.execPath, [...flags, 'scripts/serve.mjs'], {
		env: {
			...process.env,
			...START_ENV,
			DATABASE_PATH: database,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			// BENCH_LOG_LEVEL=info also logs, e.g., each time a thread gives memory back.
			LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
			// No mail timer during a measurement.
			NOTIFICATIONS_SCHEDULER: '0',
			...env
		},
		// BENCH_SERVER_LOG=<file> keeps the server's log (e.g. its threads' heaps on `kill -USR2`).
		stdio: [
			'ignore',
			process.env.BENCH_SERVER_LOG ? fs.openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore',
			'inherit'
		]
	});
}
