// The built client files (scripts, styles, the icon), served by the front thread from memory.
//
// sirv, which served them before, opens, reads and closes the file for every request: three trips to
// libuv's thread pool, each waiting for a turn of the front's event loop. Under signed-in load the
// icon took 6–7 ms at the 95th percentile on the front (0.7 ms at the median); from memory, 0.6–0.9 ms
// (issue #16's event-loop probe, measured in the README). The build's files are read once, at
// start-up (about 4 MB with their compressed copies): no request reads the disk, so none can make the
// front hold more than that, and a file changed on disk afterwards is not served half-written.
import fs from 'node:fs';
import path from 'node:path';
import { lookup } from 'mrmime';

/** @typedef {{ headers: Record<string, string>, body: Buffer }} StaticFile */

const ENCODINGS = /** @type {const} */ ([
	['br', '.br'],
	['gzip', '.gz']
]);

/**
 * Every file under `dir` (no dot-files), by its URL path ("/_app/immutable/x.js"), with the headers
 * it is served with, and its precompressed copies ("x.js.br", "x.js.gz") kept apart: they are
 * served as an encoding of their original, never by their own name. A request can only name one of
 * these: no path is ever joined to the folder.
 * @param {string} dir
 * @param {(pathname: string) => Record<string, string>} extraHeaders
 */
function list(dir, extraHeaders) {
	/** @type {Map<string, { abs: string, mtime: Date }>} */
	const found = new Map();
	const walk = (/** @type {string} */ folder) => {
		for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
			if (entry.name.startsWith('.')) continue;
			const abs = path.join(folder, entry.name);
			if (entry.isDirectory()) walk(abs);
			else if (entry.isFile())
				found.set('/' + path.relative(dir, abs).split(path.sep).join('/'), {
					abs,
					mtime: fs.statSync(abs).mtime
				});
		}
	};
	walk(dir);
	/** @type {Map<string, StaticFile>} */
	const files = new Map();
	/** @type {Map<string, StaticFile>} */
	const copies = new Map();
	for (const [name, { abs, mtime }] of found) {
		const encoding = ENCODINGS.find(([, ext]) => name.endsWith(ext));
		const original = encoding ? name.slice(0, -encoding[1].length) : name;
		// "data.gz" with no "data" beside it is a file of its own, served as it is.
		const copy = encoding !== undefined && found.has(original);
		let type = lookup(copy ? original : name) ?? 'application/octet-stream';
		if (type === 'text/html') type += '; charset=utf-8';
		const body = fs.readFileSync(abs);
		(copy ? copies : files).set(name, {
			body,
			headers: {
				'content-type': type,
				'content-length': String(body.length),
				'last-modified': mtime.toUTCString(),
				etag: `W/"${body.length}-${mtime.getTime()}"`,
				...(copy ? { 'content-encoding': encoding[0] } : {}),
				...extraHeaders(copy ? original : name)
			}
		});
	}
	return { files, copies };
}

/**
 * The encodings a request accepts ("br;q=0.8, gzip"), best first: by quality, then brotli before
 * gzip. "q=0" refuses one; "*" stands for those not named.
 * @param {string | string[] | undefined} header
 */
function accepted(header) {
	/** @type {Map<string, number>} */
	const quality = new Map();
	for (const part of String(header ?? '').split(',')) {
		const [token, ...params] = part.split(';');
		const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find(Boolean);
		quality.set(token.trim().toLowerCase(), q ? Number(q[1]) : 1);
	}
	const wildcard = quality.get('*');
	return ENCODINGS.map(([name, ext], rank) => ({
		ext,
		rank,
		q: quality.get(name) ?? wildcard ?? 0
	}))
		.filter((e) => e.q > 0)
		.sort((x, y) => y.q - x.q || x.rank - y.rank);
}

/** Whether an If-None-Match header names this entity tag (weak comparison, lists and "*"). */
function matches(/** @type {string | undefined} */ header, /** @type {string} */ etag) {
	if (!header) return false;
	const opaque = (/** @type {string} */ tag) => tag.trim().replace(/^W\//, '');
	return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * A request handler for the files of `dir`: a GET or HEAD of one of them is answered from memory
 * (with a precompressed copy when the client accepts it, and 304 when its ETag matches); any other
 * request goes to `next`.
 * @param {string} dir
 * @param {{ headers?: (pathname: string) => Record<string, string> }} [options]
 */
export function staticFiles(dir, options = {}) {
	const { files, copies } = list(path.resolve(dir), options.headers ?? (() => ({})));
	const compressed = copies.size > 0;

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {() => void} next
	 */
	return function serve(req, res, next) {
		if (req.method !== 'GET' && req.method !== 'HEAD') return next();
		let pathname = (req.url ?? '/').split('?')[0];
		if (pathname.includes('%')) {
			try {
				pathname = decodeURI(pathname);
			} catch {
				return next();
			}
		}
		const original = files.get(pathname);
		if (!original) return next();
		let file = original;
		for (const { ext } of accepted(req.headers['accept-encoding'])) {
			const copy = copies.get(pathname + ext);
			if (copy) {
				file = copy;
				break;
			}
		}
		if (compressed) res.setHeader('vary', 'Accept-Encoding');
		if (matches(req.headers['if-none-match'], file.headers.etag)) {
			const { etag, 'cache-control': cacheControl } = file.headers;
			res.writeHead(304, cacheControl ? { etag, 'cache-control': cacheControl } : { etag });
			return res.end();
		}
		res.writeHead(200, file.headers);
		res.end(req.method === 'HEAD' ? undefined : file.body);
	};
}
