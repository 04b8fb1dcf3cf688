// `npm start`'s server: a front thread and a pool of SvelteKit servers in worker threads.
//
// The front thread only accepts connections, serves the built static files (from memory:
// server/static.mjs) and passes every other request to a worker over a Unix socket: no page is ever
// rendered on it, so a static file or a request's first byte never waits behind another person's
// page (issue #16's event-loop probe), and the pages use both cores. One worker, the writer, takes
// every form post and the PDF service (SQLite has one writer at a time anyway, and the printing
// browser is one per server); the readers take the reads, one at a time, the others waiting at the
// front for the first reader to be free (server/pick.mjs).
// The writer starts first: it migrates and seeds an empty database before any reader opens it.
// Settings: README, "Configuration".
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { staticFiles } from './server/static.mjs';
import { forward, HOP_BY_HOP } from './server/forward.mjs';
import { nextFor, pickWorker, WAIT } from './server/pick.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3000';
// adapter-node assumes https when ORIGIN is unset, which would refuse every form post on
// http://localhost; default ORIGIN to the local address unless it is given.
process.env.ORIGIN ??= `http://localhost:${port}`;
/** The Host of the front's own warm-up reads (ORIGIN is checked here, at start, not on a restart). */
const ORIGIN_HOST = new URL(process.env.ORIGIN).host;
// adapter-node refuses bodies over 512 KB by default, with a bare 413. The app checks each form's
// own limit itself (256 KB, 5 MB for the spreadsheet import, in French): this is the outer bound.
process.env.BODY_SIZE_LIMIT ??= String(6 * 1024 * 1024);

const log = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: undefined,
	timestamp: pino.stdTimeFunctions.isoTime
});

const intSetting = (name, fallback, min, max) => {
	const raw = process.env[name];
	const n = raw === undefined || raw === '' ? fallback : Number(raw);
	if (!Number.isInteger(n) || n < min || n > max)
		throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
	return n;
};
/** BODY_SIZE_LIMIT as adapter-node reads it: bytes, or a number with K, M or G. */
const BODY_LIMIT = (() => {
	const m = /^(\d+)([KMG]?)$/i.exec(process.env.BODY_SIZE_LIMIT ?? '');
	if (!m) throw new Error(`BODY_SIZE_LIMIT must be bytes or a number with K, M or G`);
	return Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase());
})();
// One reader per core beyond the first (at least 1, at most 4) beside the writer, which is left for
// writes: on 2 cores, one reader and the writer (README, "Performance": two readers passed 300 MB).
const READERS = intSetting(
	'SERVER_READERS',
	Math.max(1, Math.min(4, os.availableParallelism() - 1)),
	0,
	16
);
// Each worker's old generation. A process-wide --max-old-space-size would override it in every
// thread (measured: every worker's limit was then the flag's), so npm start does not pass one.
const WORKER_HEAP_MB = intSetting('SERVER_WORKER_HEAP_MB', 192, 32, 4096);
const SHUTDOWN_SECONDS = intSetting('SHUTDOWN_TIMEOUT', 30, 0, 3600);

// The client's address as adapter-node would read it (ADDRESS_HEADER, XFF_DEPTH), passed to the
// workers in a header of our own that a client cannot set (it is replaced on every request).
const ADDRESS_HEADER = (process.env.ADDRESS_HEADER ?? '').toLowerCase();
const XFF_DEPTH = intSetting('XFF_DEPTH', 1, 1, 64);
const INTERNAL_ADDRESS = 'x-grand-cahors-client-address';

function clientAddress(req) {
	const socket = req.socket.remoteAddress ?? '';
	if (!ADDRESS_HEADER) return socket;
	const value = [req.headers[ADDRESS_HEADER]].flat()[0];
	// Missing or too short: the request did not come through the proxies the setting describes.
	// Never a value the client wrote itself: the connection's own address.
	if (!value) return socket;
	if (ADDRESS_HEADER !== 'x-forwarded-for') return value.trim();
	const addresses = value.split(',');
	return addresses.length >= XFF_DEPTH ? addresses[addresses.length - XFF_DEPTH].trim() : socket;
}

/**
 * `inFlight`: requests the worker is rendering (until its answer begins), which routing reads;
 * `open`: exchanges not over yet (a slow client may still be reading an answer), which shutdown reads.
 * @typedef {{ role: 'writer' | 'reader', index: number, socket: string, worker: Worker, agent: http.Agent, inFlight: number, open: number, ready: boolean }} Slot
 */
/** @type {Slot[]} */
const slots = [];
let stopping = false;

// The workers' sockets, in a folder of this process's own that only its user may enter: no other
// account on the machine can reach a worker (and set the client-address header) directly.
const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), `grand-cahors-${process.pid}-`));
fs.chmodSync(socketDir, 0o700);
process.on('exit', () => fs.rmSync(socketDir, { recursive: true, force: true }));

function startWorker(role, index) {
	const socket = path.join(socketDir, `${role}-${index}.sock`);
	const takesReads = role === 'reader' || READERS === 0 || OVERFLOW_MS > 0;
	// adapter-node listens on PORT when it is set, whatever SOCKET_PATH says, and on a systemd
	// socket when LISTEN_PID/LISTEN_FDS name this process: the workers get none of them.
	const { PORT: _port, HOST: _host, LISTEN_PID: _pid, LISTEN_FDS: _fds, ...env } = process.env;
	const worker = new Worker(path.join(root, 'scripts/server/worker.mjs'), {
		// `reads`: whether the thread prepares for reads at start-up (the national summary): not the
		// writer when it takes none (readers, and SERVER_OVERFLOW_MS=0).
		workerData: {
			role,
			index,
			nice: NICE[role],
			reads: takesReads
		},
		env: { ...env, SOCKET_PATH: socket, ADDRESS_HEADER: INTERNAL_ADDRESS },
		// The young generation of 4 MB semi-spaces (three of them), as npm start's
		// --max-semi-space-size=4 sets it for every thread (that flag wins over this limit; this one
		// holds when serve.mjs is run without it). At 2 MB, a page's objects outlived two collections
		// and were promoted: the reader did 50 full collections in 10 s; at 4 MB the bench's page p95
		// fell by a third to a half (README), at the same peak memory.
		resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 12 }
	});
	/** @type {Slot} */
	const slot = {
		role,
		index,
		socket,
		worker,
		// An idle connection is closed by the front after 4 s, before the worker's own 5 s
		// (adapter-node's KEEP_ALIVE_TIMEOUT): a request is then seldom sent on a connection the
		// worker is closing (forward.mjs sends such a read again; a write is answered 503).
		agent: new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 }),
		inFlight: 0,
		open: 0,
		ready: false
	};
	const ready = new Promise((resolve, reject) => {
		worker.on('message', (m) => {
			if (m?.type === 'ready')
				void warmUp(slot, takesReads).then(() => {
					slot.ready = true;
					resolve(slot);
					drain();
				});
			// The worker gives memory back (src/lib/server/memory.ts: a collection of 70–290 ms):
			// counted as a request in flight, so reads go to another thread meanwhile.
			if (m?.type === 'releasing') slot.inFlight++;
			if (m?.type === 'released') {
				slot.inFlight = Math.max(0, slot.inFlight - 1);
				drain();
			}
		});
		worker.on('error', (err) => {
			log.error({ err, role, index }, 'worker error');
			if (!slot.ready) reject(err);
		});
		worker.on('exit', (code) => {
			slot.agent.destroy();
			fs.rmSync(socket, { force: true });
			const at = slots.indexOf(slot);
			if (at >= 0) slots.splice(at, 1);
			// Reads waiting for a reader go to the writer while none is ready.
			drain();
			if (!slot.ready) return reject(new Error(`${role} worker exited with code ${code}`));
			if (stopping) return;
			// A crashed worker is replaced; its requests in flight were answered 503 by the proxy.
			log.error({ role, index, code }, 'worker exited, starting another');
			setTimeout(() => {
				startWorker(role, index).catch((err) => {
					log.fatal({ err, role, index }, 'worker could not restart');
					process.exit(1);
				});
			}, 200);
		});
	});
	slots.push(slot);
	return ready;
}

/**
 * A worker that will take reads renders the home page once before its first visitor: the first
 * render of a thread compiles the pages' code (national bench: the writer's first dashboard took
 * 196 ms, the next ones 20–60). Anonymous, so it only fills that thread's own cache of public pages;
 * a failure is logged and the worker serves anyway.
 */
function warmUp(slot, takesReads) {
	if (!takesReads) return Promise.resolve();
	return new Promise((resolve) => {
		const req = http.get(
			{
				socketPath: slot.socket,
				path: '/',
				headers: { host: ORIGIN_HOST, [INTERNAL_ADDRESS]: '127.0.0.1' },
				timeout: 60_000
			},
			(res) => {
				if (res.statusCode !== 200)
					log.warn({ status: res.statusCode, role: slot.role, index: slot.index }, 'warm-up read');
				res.resume();
				res.on('end', resolve);
				res.on('close', resolve);
			}
		);
		req.on('timeout', () => req.destroy(new Error('warm-up timed out')));
		req.on('error', (err) => {
			log.warn({ err, role: slot.role, index: slot.index }, 'warm-up read failed');
			resolve();
		});
	});
}

/**
 * Niceness of each worker thread (the front thread keeps 0): writes before reads, and the front
 * before both, so that a static file or a request's first byte never waits behind a render.
 */
const NICE = { writer: 2, reader: 10, helpers: 10 };

/**
 * V8's helper threads ("V8Worker": garbage collection and compilation for every thread of the
 * process) work mostly for the workers' renders; at the front's niceness they took the cores from it
 * while a worker collected. At the readers' niceness (measured on the national map reads, 20 s: the
 * front's event-loop delay p99 6.5–7.0 → 4.8 ms, the probe's p99 16–18 → 12–16 ms).
 */
function niceHelperThreads() {
	try {
		for (const task of fs.readdirSync('/proc/self/task'))
			if (fs.readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim() === 'V8Worker')
				os.setPriority(Number(task), NICE.helpers);
	} catch {
		// not Linux, or not allowed: they keep the default priority
	}
}
niceHelperThreads();

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The path as the app will read it ("/rapport%2Epdf" is "/rapport.pdf"); null when malformed. */
function decodedPath(url) {
	try {
		return decodeURIComponent((url ?? '/').split('?')[0]);
	} catch {
		return null;
	}
}

/**
 * How long each kind of read takes a worker (by method, first path segment, depth and whether it has
 * a query: "GET programmes/4"), as an exponential moving average of the reads a worker took while it
 * had nothing else to do. At most READ_KINDS kinds are followed: any other counts as heavy.
 */
const READ_KINDS = 256;
const readMs = new Map();
const OVERFLOW_MS = intSetting('SERVER_OVERFLOW_MS', 0, 0, 60_000);

function readKind(req, pathname) {
	const parts = pathname.split('/').filter(Boolean);
	const query = (req.url ?? '').includes('?') ? '?' : '';
	return `${req.method} ${(parts[0] ?? '').slice(0, 40)}/${parts.length}${query}`;
}

function recordRead(kind, ms) {
	const held = readMs.get(kind);
	if (held === undefined && readMs.size >= READ_KINDS) return;
	readMs.set(kind, held === undefined ? ms : held + 0.2 * (ms - held));
}

function pick(req, pathname, kind) {
	return pickWorker(slots, {
		write: WRITES.has(req.method ?? 'GET') || pathname.toLowerCase().endsWith('.pdf'),
		light: (readMs.get(kind) ?? Infinity) <= OVERFLOW_MS,
		overflow: OVERFLOW_MS > 0,
		waiting: waiting.length
	});
}

/**
 * Reads waiting at the front for a free reader, first come, first served (pick.mjs says why). Past
 * MAX_WAITING, a read is refused at once (503, in French) rather than kept waiting for minutes; a
 * read whose client leaves is taken out of the line.
 * @type {{ run: (slot: Slot) => void, refuse: () => void }[]}
 */
const waiting = [];
const MAX_WAITING = 1024;

/** Gives waiting reads to the readers that are free (to the idle writer while none is ready). */
function drain() {
	while (waiting.length) {
		const slot = nextFor(slots);
		if (!slot) return;
		waiting.shift().run(slot);
	}
}

/**
 * An answer of the front itself, in French, with a request id to quote. The connection stays open
 * (Node reads and drops what is left of the body, so the client reads the answer instead of a
 * reset), unless `close` is said: a body too slow to wait for.
 */
function refuse(res, status, message, headers = {}, close = false) {
	const reqId = randomUUID();
	if (res.headersSent) {
		res.destroy();
		return reqId;
	}
	res.writeHead(status, {
		'content-type': 'text/plain; charset=utf-8',
		'x-request-id': reqId,
		...(close ? { connection: 'close' } : {}),
		...headers
	});
	res.end(`${message} Numéro de la demande : ${reqId}.`);
	// What is left of a refused body is read and dropped for a few seconds at most (time for the
	// client to read the answer), not for as long as the client keeps sending.
	const req = res.req;
	if (req && !req.complete) {
		const cut = setTimeout(() => req.socket.destroy(), DRAIN_MS);
		cut.unref();
		req.once('end', () => clearTimeout(cut));
		req.once('close', () => clearTimeout(cut));
	}
	return reqId;
}

/** How long the rest of a refused body is read and dropped before the connection is cut. */
const DRAIN_MS = 5_000;

function unavailable(res) {
	return refuse(
		res,
		503,
		'Le service redémarre : réessayez dans quelques secondes. Si cela se reproduit, indiquez ce numéro à l’administrateur.',
		{ 'retry-after': '5' }
	);
}

const TOO_LARGE = `Envoi trop volumineux (${Math.round(BODY_LIMIT / 1024 / 1024)} Mo au plus).`;

/** Bodies held by the front at once, all requests together: past it, an upload is refused (503). */
const BUFFER_BUDGET = 32 * 1024 * 1024;
/**
 * Small bodies (a sign-in, a form: up to SMALL_BODY so far) may go SMALL_RESERVE past the budget, so
 * uploads that fill it do not stop every form post; one client address holds at most one full body
 * (BODY_LIMIT) at once, so filling the budget takes several.
 */
const SMALL_BODY = 64 * 1024;
const SMALL_RESERVE = 16 * 1024 * 1024;
/** How long a body may take to arrive (the forms' own limit). */
const BODY_TIMEOUT_MS = 30_000;
let buffered = 0;
/** Bytes held per client address. */
const heldBy = new Map();
const hold = (address, n) => {
	const held = (heldBy.get(address) ?? 0) + n;
	if (held > 0) heldBy.set(address, held);
	else heldBy.delete(address);
	return held;
};

/**
 * The request's body, read in full before a worker is asked (store and forward): a trickling or
 * oversized upload holds a connection of the front, never one of a worker, and the worker gets the
 * body at once, with its length. Null when refused (the answer is sent) or abandoned.
 */
function readBody(req, res, address) {
	return new Promise((resolve) => {
		const chunks = [];
		let size = 0;
		let settled = false;
		const settle = (value) => {
			settled = true;
			clearTimeout(timer);
			resolve(value);
		};
		// Once only, whoever lets go (the answer, a refusal, a client leaving the line).
		let held = true;
		const letGo = () => {
			if (!held) return;
			held = false;
			buffered -= size;
			hold(address, -size);
		};
		const stop = (status, message, close = false) => {
			if (settled) return;
			letGo();
			chunks.length = 0;
			refuse(res, status, message, {}, close);
			settle(null);
		};
		const timer = setTimeout(
			() => stop(408, 'Envoi trop lent : le fichier n’est pas arrivé à temps, réessayez.', true),
			BODY_TIMEOUT_MS
		);
		req.on('data', (chunk) => {
			if (settled) return;
			size += chunk.length;
			buffered += chunk.length;
			const mine = hold(address, chunk.length);
			if (size > BODY_LIMIT) return stop(413, TOO_LARGE);
			if (buffered > BUFFER_BUDGET + (size <= SMALL_BODY ? SMALL_RESERVE : 0))
				return stop(503, 'Trop d’envois en cours : réessayez dans une minute.');
			if (mine > BODY_LIMIT)
				return stop(
					503,
					'Trop d’envois en cours depuis votre adresse : attendez la fin du précédent.'
				);
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (settled) return;
			settle({ body: Buffer.concat(chunks), release: letGo });
		});
		req.on('close', () => {
			if (settled) return;
			letGo();
			settle(null);
		});
	});
}

async function proxy(req, res) {
	if (stopping) return unavailable(res);
	// Only origin-form targets ("/path?query"): an absolute or "*" target is no page of ours.
	if (!req.url?.startsWith('/') || decodedPath(req.url) === null)
		return refuse(res, 400, 'Adresse de la demande invalide.');
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > BODY_LIMIT) return refuse(res, 413, TOO_LARGE);
	const headers = { ...req.headers };
	for (const h of HOP_BY_HOP) delete headers[h];
	delete headers['content-length'];
	headers[INTERNAL_ADDRESS] = clientAddress(req);
	// A GET or HEAD carries no body to a page: none is passed on (nor waited for).
	let body = null;
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		body = await readBody(req, res, headers[INTERNAL_ADDRESS]);
		if (!body) return;
		headers['content-length'] = String(body.body.length);
	}
	const pathname = decodedPath(req.url) ?? '';
	const kind = readKind(req, pathname);
	const slot = pick(req, pathname, kind);
	if (!slot) {
		body?.release();
		return unavailable(res);
	}
	if (slot === WAIT) {
		if (waiting.length >= MAX_WAITING) {
			body?.release();
			return refuse(res, 503, 'Le service est très sollicité : réessayez dans un instant.', {
				'retry-after': '5'
			});
		}
		const leave = () => {
			const at = waiting.indexOf(job);
			if (at >= 0) waiting.splice(at, 1);
			body?.release();
		};
		const job = {
			run: (/** @type {Slot} */ s) => {
				res.off('close', leave);
				send(s, req, res, headers, body, kind);
			},
			refuse: () => {
				leave();
				unavailable(res);
			}
		};
		// A visitor who leaves before their turn is not served, and holds nothing.
		res.on('close', leave);
		waiting.push(job);
		return;
	}
	send(slot, req, res, headers, body, kind);
}

/** Sends the request to the worker of `slot` and its answer back to the client. */
function send(slot, req, res, headers, body, kind) {
	// A read's time is the worker's own only when it had nothing else to do.
	const timed = body === null && slot.inFlight === 0 ? performance.now() : null;
	const sent = performance.now();
	const queuedBehind = slot.inFlight;
	let firstByte = 0;
	slot.inFlight++;
	slot.open++;
	forward({
		res,
		socketPath: slot.socket,
		agent: slot.agent,
		method: req.method ?? 'GET',
		path: req.url,
		headers,
		body: body?.body ?? null,
		onAnswer: (answer) => {
			firstByte = performance.now() - sent;
			if (timed !== null) answer.on('end', () => recordRead(kind, performance.now() - timed));
			// LOG_LEVEL=debug: each request as the front saw it, with the worker's request id, to tell
			// a wait at the front or in a worker's queue from the worker's own time.
			if (log.isLevelEnabled('debug'))
				answer.on('end', () =>
					log.debug(
						{
							reqId: answer.headers['x-request-id'],
							to: `${slot.role}-${slot.index}`,
							behind: queuedBehind,
							firstByteMs: Math.round(firstByte * 10) / 10,
							ms: Math.round((performance.now() - sent) * 10) / 10
						},
						'forwarded'
					)
				);
		},
		onFailed: (err) => {
			const reqId = unavailable(res);
			log.error({ err, reqId, role: slot.role, method: req.method }, 'worker did not answer');
		},
		// The worker is free for the next read as soon as its answer begins, however slowly this
		// client reads it.
		onRendered: () => {
			slot.inFlight--;
			drain();
		},
		onDone: () => {
			slot.open--;
			body?.release();
		}
	});
}

const serveStatic = staticFiles(path.join(root, 'build/client'), {
	headers: (pathname) =>
		pathname.startsWith('/_app/immutable/')
			? { 'cache-control': 'public,max-age=31536000,immutable' }
			: {}
});

const server = http.createServer((req, res) => {
	serveStatic(req, res, () => void proxy(req, res));
});
if (process.env.KEEP_ALIVE_TIMEOUT)
	server.keepAliveTimeout = intSetting('KEEP_ALIVE_TIMEOUT', 5, 0, 3600) * 1000;
if (process.env.HEADERS_TIMEOUT)
	server.headersTimeout = intSetting('HEADERS_TIMEOUT', 60, 1, 3600) * 1000;
// A request (headers and body) has a minute to arrive, not Node's five (the body itself, 30 s).
server.requestTimeout = 60_000;

async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	log.info({ signal }, 'shutting down');
	// Reads still waiting for a reader are told to come back; new ones are refused (proxy).
	for (const job of [...waiting]) job.refuse();
	server.close();
	server.closeIdleConnections();
	// Connections to a worker are dropped as soon as they are idle, so its server closes at once.
	const idle = setInterval(() => {
		server.closeIdleConnections();
		for (const s of slots) if (s.open === 0) s.agent.destroy();
	}, 100);
	idle.unref();
	const exits = slots.map((s) => new Promise((resolve) => s.worker.once('exit', resolve)));
	for (const s of slots) s.worker.postMessage({ type: 'shutdown' });
	const timer = setTimeout(
		() => {
			for (const s of slots) void s.worker.terminate();
		},
		(SHUTDOWN_SECONDS + 5) * 1000
	);
	await Promise.all(exits);
	clearTimeout(timer);
	process.exit(0);
}
// `kill -USR2 <pid>` logs each thread's heap, for an operator looking at the server's memory.
process.on('SIGUSR2', () => {
	const mb = (n) => Math.round(n / 2 ** 20);
	const front = process.memoryUsage();
	log.warn(
		{
			thread: 'front',
			rssMb: mb(front.rss),
			heapUsedMb: mb(front.heapUsed),
			heapTotalMb: mb(front.heapTotal)
		},
		'memory'
	);
	for (const s of slots)
		s.worker
			.getHeapStatistics()
			.then((h) =>
				log.warn(
					{
						thread: `${s.role}-${s.index}`,
						heapUsedMb: mb(h.used_heap_size),
						heapTotalMb: mb(h.total_heap_size),
						externalMb: mb(h.external_memory)
					},
					'memory'
				)
			)
			.catch(() => undefined);
});
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

// libuv's thread pool (file system calls of every thread) is started by the first thread that uses
// it, and its threads keep that thread's niceness: started here, before the workers lower theirs, it
// runs at the front's priority (measured: started by the writer, at 2).
await fs.promises.access(root);

try {
	await startWorker('writer', 0);
	await Promise.all(Array.from({ length: READERS }, (_, i) => startWorker('reader', i + 1)));
} catch (err) {
	log.fatal({ err }, 'the server could not start');
	process.exit(1);
}
const host = process.env.HOST ?? '0.0.0.0';
server.listen(Number(port), host, () => {
	console.log(`Listening on http://${host}:${port} (1 writer, ${READERS} reader(s))`);
});
