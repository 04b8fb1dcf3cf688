import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFiles } from '../scripts/server/static.mjs';

// The front thread's static files (scripts/server/static.mjs), served over a real socket.
let dir: string;
let server: http.Server;
let base: string;
let passed: string[] = [];
const script = 'export const answer = 42;\n'.repeat(50);

async function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
	const res = await fetch(base + url, { method, headers });
	return { res, body: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-'));
	fs.mkdirSync(path.join(dir, '_app/immutable'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
	fs.writeFileSync(path.join(dir, '_app/immutable/app.js'), script);
	fs.writeFileSync(path.join(dir, '_app/immutable/app.js.gz'), gzipSync(script));
	fs.writeFileSync(path.join(dir, '_app/immutable/app.js.br'), brotliCompressSync(script));
	fs.writeFileSync(path.join(dir, 'café.txt'), 'crème');
	fs.writeFileSync(path.join(dir, '.env'), 'SECRET=1');
	fs.writeFileSync(path.join(dir, 'data.gz'), gzipSync('standalone'));
	fs.writeFileSync(path.join(os.tmpdir(), 'outside.txt'), 'outside');
	const serve = staticFiles(dir, {
		headers: (p: string): Record<string, string> =>
			p.startsWith('/_app/immutable/')
				? { 'cache-control': 'public,max-age=31536000,immutable' }
				: {}
	});
	server = http.createServer((req, res) =>
		serve(req, res, () => {
			passed.push(`${req.method} ${req.url}`);
			res.writeHead(299);
			res.end('next');
		})
	);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => {
	server.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('static files from memory', () => {
	it('serves a file with its type, length and validator, and the same bytes again', async () => {
		const first = await get('/favicon.svg');
		expect(first.res.status).toBe(200);
		expect(first.res.headers.get('content-type')).toBe('image/svg+xml');
		expect(first.body.toString()).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
		expect(first.res.headers.get('etag')).toMatch(/^W\/"41-\d+"$/);
		expect(first.res.headers.get('cache-control')).toBeNull();
		// The file changes on disk after start-up: memory answers (a build is immutable).
		fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
		const again = await get('/favicon.svg?v=2');
		expect(again.body.equals(first.body)).toBe(true);
	});

	it('gives the precompressed copy the client accepts, best first, and says it varies', async () => {
		const br = await get('/_app/immutable/app.js', { 'accept-encoding': 'gzip, deflate, br' });
		expect(br.res.headers.get('content-encoding')).toBe('br');
		expect(br.body.toString()).toBe(script); // fetch decodes it
		expect(br.res.headers.get('vary')).toBe('Accept-Encoding');
		expect(br.res.headers.get('cache-control')).toBe('public,max-age=31536000,immutable');
		expect(br.res.headers.get('content-type')).toBe('text/javascript');
		const gz = await get('/_app/immutable/app.js', { 'accept-encoding': 'gzip, br;q=0' });
		expect(gz.res.headers.get('content-encoding')).toBe('gzip');
		expect(gz.body.toString()).toBe(script);
		const byQuality = await get('/_app/immutable/app.js', {
			'accept-encoding': 'br;q=0.5, GZIP;q=1'
		});
		expect(byQuality.res.headers.get('content-encoding')).toBe('gzip');
		const any = await get('/_app/immutable/app.js', { 'accept-encoding': 'gzip;q=0.2, *' });
		expect(any.res.headers.get('content-encoding')).toBe('br');
		for (const header of ['xbr, xgzip', 'br;q=0, gzip;q=0', 'brotli']) {
			const other = await get('/_app/immutable/app.js', { 'accept-encoding': header });
			expect(other.res.headers.get('content-encoding'), header).toBeNull();
			expect(other.body.toString()).toBe(script);
		}
		const plain = await get('/_app/immutable/app.js', { 'accept-encoding': 'identity' });
		expect(plain.res.headers.get('content-encoding')).toBeNull();
		expect(plain.body.toString()).toBe(script);
		expect(plain.res.headers.get('content-length')).toBe(String(Buffer.byteLength(script)));
	});

	it('answers 304 to a matching validator, and only the headers to HEAD', async () => {
		const { res } = await get('/favicon.svg');
		const etag = res.headers.get('etag')!;
		const cached = await get('/favicon.svg', { 'if-none-match': etag });
		expect(cached.res.status).toBe(304);
		expect(cached.body.length).toBe(0);
		for (const header of [`W/"1-1", ${etag}`, '*', etag.replace(/^W\//, '')]) {
			const listed = await get('/favicon.svg', { 'if-none-match': header });
			expect(listed.res.status, header).toBe(304);
		}
		const script304 = await get('/_app/immutable/app.js', { 'accept-encoding': 'br' });
		const again = await get('/_app/immutable/app.js', {
			'accept-encoding': 'br',
			'if-none-match': script304.res.headers.get('etag')!
		});
		expect(again.res.status).toBe(304);
		expect(again.res.headers.get('cache-control')).toBe('public,max-age=31536000,immutable');
		const stale = await get('/favicon.svg', { 'if-none-match': 'W/"1-1"' });
		expect(stale.res.status).toBe(200);
		const head = await get('/favicon.svg', {}, 'HEAD');
		expect(head.res.status).toBe(200);
		expect(head.res.headers.get('content-length')).toBe('41');
		expect(head.body.length).toBe(0);
	});

	it('decodes an encoded name and passes on everything that is not one of its files', async () => {
		expect((await get('/caf%C3%A9.txt')).body.toString()).toBe('crème');
		// A gzip file with no original beside it is a file of its own, not an encoding.
		const standalone = await get('/data.gz', { 'accept-encoding': 'identity' });
		expect(standalone.res.headers.get('content-encoding')).toBeNull();
		expect(standalone.res.headers.get('content-type')).toBe('application/gzip');
		passed = [];
		for (const url of [
			'/',
			'/programmes',
			'/.env',
			'/../outside.txt',
			'/%2e%2e/outside.txt',
			'/_app/immutable/../../../outside.txt',
			'/%E0%A4%A',
			'/_app/immutable/app.js.map',
			'/__proto__',
			'/constructor',
			// A compressed copy is an encoding of its original, never a file of its own.
			'/_app/immutable/app.js.br',
			'/_app/immutable/app.js.gz'
		]) {
			const { res, body } = await get(url);
			expect(res.status, url).toBe(299);
			expect(body.toString()).toBe('next');
		}
		expect(passed).toHaveLength(12);
		const post = await fetch(base + '/favicon.svg', { method: 'POST', body: 'x' });
		expect(post.status).toBe(299);
	});
});
