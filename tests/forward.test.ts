import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forward } from '../scripts/server/forward.mjs';

// The front thread's forwarding to a worker (scripts/server/forward.mjs), against a stand-in worker
// on a Unix socket that answers the first request of each connection and resets the connection
// when a second one arrives on it: what a worker closing an idle kept-alive connection does to a
// request sent at that moment.
let dir: string;
let workerSocket: string;
let worker: net.Server;
const received: string[] = [];
let front: http.Server;
let base: string;
const failed: string[] = [];
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
let mode: 'reset-second' | 'reset-all' | 'apply-then-reset' | 'slow' = 'reset-second';
/** What the front was told, in order: the worker done rendering, the exchange over. */
const events: string[] = [];
let connections = 0;

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forward-'));
	workerSocket = path.join(dir, 'worker.sock');
	worker = net.createServer((socket) => {
		connections++;
		let served = 0;
		let buffer = '';
		socket.on('data', (chunk) => {
			buffer += chunk.toString('latin1');
			const end = buffer.indexOf('\r\n\r\n');
			if (end < 0) return;
			const head = buffer.slice(0, end);
			const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
			if (buffer.length < end + 4 + length) return;
			const line = head.split('\r\n')[0];
			buffer = buffer.slice(end + 4 + length);
			if (mode === 'slow') {
				received.push(line);
				const text = 'réponse lente';
				setTimeout(
					() =>
						socket.write(
							`HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`
						),
					300
				);
				return;
			}
			if (mode === 'apply-then-reset') {
				received.push(line);
				return socket.destroy();
			}
			if (mode === 'reset-all' || served > 0) return socket.destroy();
			served++;
			received.push(line);
			const text = `réponse à ${line}`;
			socket.write(
				`HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nkeep-alive: timeout=5\r\n\r\n${text}`
			);
		});
		socket.on('error', () => undefined);
	});
	await new Promise<void>((r) => worker.listen(workerSocket, r));
	front = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = req.method === 'POST' ? Buffer.concat(chunks) : null;
			forward({
				res,
				socketPath: workerSocket,
				agent,
				method: req.method ?? 'GET',
				path: req.url ?? '/',
				headers: body ? { 'content-length': String(body.length) } : {},
				body,
				onFailed: (err: Error) => {
					failed.push(String(err));
					res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
					res.end('Service momentanément indisponible.');
				},
				onRendered: () => events.push('rendered'),
				onDone: () => events.push('done')
			});
		});
	});
	await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(front.address() as net.AddressInfo).port}`;
});

afterAll(() => {
	agent.destroy();
	front.close();
	worker.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('the front passes requests on to a worker', () => {
	it('sends a read again, once, when its kept-alive connection was reset', async () => {
		for (let i = 0; i < 6; i++) {
			const res = await fetch(`${base}/page?${i}`, { signal: AbortSignal.timeout(5_000) });
			expect(res.status).toBe(200);
			expect(await res.text()).toBe(`réponse à GET /page?${i} HTTP/1.1`);
		}
		// Each read after the first met a reset on the connection left by the one before.
		expect(received).toHaveLength(6);
		expect(failed).toEqual([]);
	});

	it('never sends a write again: a reset kept-alive connection means a 503, not a second try', async () => {
		received.length = 0;
		agent.destroy(); // no connection left by the reads above
		const before = connections;
		const first = await fetch(`${base}/formulaire?1`, {
			method: 'POST',
			body: 'n=1',
			signal: AbortSignal.timeout(5_000)
		});
		expect(first.status).toBe(200);
		await first.text();
		const second = await fetch(`${base}/formulaire?2`, {
			method: 'POST',
			body: 'n=2',
			signal: AbortSignal.timeout(5_000)
		});
		expect(second.status).toBe(503);
		expect(await second.text()).toBe('Service momentanément indisponible.');
		// The second was sent once, on the first one's connection, and not again on a new one.
		expect(connections - before).toBe(1);
		expect(received).toEqual(['POST /formulaire?1 HTTP/1.1']);
		failed.length = 0;
	});

	it('never sends a write twice: a worker that applied it and failed to answer means a 503', async () => {
		received.length = 0;
		mode = 'apply-then-reset';
		const res = await fetch(`${base}/formulaire`, {
			method: 'POST',
			body: 'n=1',
			signal: AbortSignal.timeout(5_000)
		});
		expect(res.status).toBe(503);
		expect(await res.text()).toBe('Service momentanément indisponible.');
		expect(received).toEqual(['POST /formulaire HTTP/1.1']);
	});

	it('answers (the caller’s 503) when a read’s new connection fails too, rather than leave the client waiting', async () => {
		mode = 'reset-second';
		await fetch(`${base}/amorce`).then((r) => r.text());
		mode = 'reset-all';
		failed.length = 0;
		const res = await fetch(`${base}/page`, { signal: AbortSignal.timeout(5_000) });
		expect(res.status).toBe(503);
		expect(await res.text()).toBe('Service momentanément indisponible.');
		expect(failed).toHaveLength(1);
	});

	it('counts the worker busy until it answers, even when the client left before: its answer is dropped', async () => {
		mode = 'slow';
		received.length = 0;
		events.length = 0;
		await expect(
			fetch(`${base}/lente`, { signal: AbortSignal.timeout(80) }).then((r) => r.text())
		).rejects.toThrow();
		await new Promise((r) => setTimeout(r, 100));
		// The client is gone; the worker still renders: nothing is freed yet.
		expect(received).toEqual(['GET /lente HTTP/1.1']);
		expect(events).toEqual([]);
		await new Promise((r) => setTimeout(r, 400));
		expect(events).toEqual(['rendered', 'done']);
	});

	it('frees the worker as its answer begins, before the exchange is over', async () => {
		mode = 'reset-second';
		agent.destroy();
		events.length = 0;
		const res = await fetch(`${base}/page-normale`, { signal: AbortSignal.timeout(5_000) });
		expect(await res.text()).toBe('réponse à GET /page-normale HTTP/1.1');
		await new Promise((r) => setTimeout(r, 50));
		expect(events).toEqual(['rendered', 'done']);
	});
});
