// The built client files (scripts, styles, the icon), served by the front thread from memory.
//
// sirv, which served them before, opens, reads and closes the file for every request: three trips to
// libuv's thread pool, each waiting for a turn of the front's event loop. Under signed-in load the
// icon took 6–7 ms at the 95th percentile on the front (0.7 ms at the median); from memory, 0.6–0.9 ms
// (issue #16's event-loop probe, measured in the README). The set is the build's own (about 4 MB
// with its compressed copies, listed once at start-up) and each file is read on its first request.
import fs from 'node:fs';
import path from 'node:path';
import { lookup } from 'mrmime';

/** @typedef {{ abs: string, size: number, headers: Record<string, string>, body?: Buffer }} StaticFile */

const ENCODINGS = /** @type {const} */ ([
	['br', '.br'],
	['gzip', '.gz']
]);

/**
 * Every file under `dir` (no dot-files), by its URL path ("/_app/immutable/x.js"), with the headers
 * it is served with. A request can only name one of these: no path is ever joined to the folder.
 * @param {string} dir
 * @param {(pathname: string) => Record<string, string>} extraHeaders
 */
function list(dir, extraHeaders) {
	/** @type {Map<string, StaticFile>} */
	const files = new Map();
	const walk = (/** @type {string} */ folder) => {
		for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
			if (entry.name.startsWith('.')) continue;
			const abs = path.join(folder, entry.name);
			if (entry.isDirectory()) walk(abs);
			else if (entry.isFile()) {
				const stats = fs.statSync(abs);
				const name = '/' + path.relative(dir, abs).split(path.sep).join('/');
				const encoding = ENCODINGS.find(([, ext]) => name.endsWith(ext));
				const original = encoding ? name.slice(0, -encoding[1].length) : name;
				let type = lookup(original) ?? 'application/octet-stream';
				if (type === 'text/html') type += '; charset=utf-8';
				files.set(name, {
					abs,
					size: stats.size,
					headers: {
						'content-type': type,
						'content-length': String(stats.size),
						'last-modified': stats.mtime.toUTCString(),
						etag: `W/"${stats.size}-${stats.mtime.getTime()}"`,
						...(encoding ? { 'content-encoding': encoding[0] } : {}),
						...extraHeaders(original)
					}
				});
			}
		}
	};
	walk(dir);
	return files;
}

/** The encodings a request accepts, best first, among those the build has copies for. */
function accepted(/** @type {string | undefined} */ header) {
	const value = (header ?? '').toLowerCase();
	return ENCODINGS.filter(([name]) => {
		const at = value.indexOf(name);
		// "br;q=0" refuses it.
		return at >= 0 && !/^[^,]*;\s*q=0(\.0*)?\s*(,|$)/.test(value.slice(at + name.length));
	});
}

/**
 * A request handler for the files of `dir`: a GET or HEAD of one of them is answered from memory
 * (with a precompressed copy when the client accepts it, and 304 when its ETag matches); any other
 * request goes to `next`.
 * @param {string} dir
 * @param {{ headers?: (pathname: string) => Record<string, string> }} [options]
 */
export function staticFiles(dir, options = {}) {
	const files = list(path.resolve(dir), options.headers ?? (() => ({})));
	const compressed = [...files.keys()].some((n) => ENCODINGS.some(([, ext]) => n.endsWith(ext)));

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
		for (const [, ext] of accepted(req.headers['accept-encoding'])) {
			const copy = files.get(pathname + ext);
			if (copy) {
				file = copy;
				break;
			}
		}
		if (compressed) res.setHeader('vary', 'Accept-Encoding');
		if (req.headers['if-none-match'] === file.headers.etag) {
			res.writeHead(304, { etag: file.headers.etag });
			return res.end();
		}
		const send = (/** @type {Buffer} */ body) => {
			res.writeHead(200, file.headers);
			res.end(req.method === 'HEAD' ? undefined : body);
		};
		if (file.body) return send(file.body);
		fs.promises.readFile(file.abs).then(
			(body) => {
				// The build changed under the running server: its listing no longer says this file.
				if (body.length !== file.size) return next();
				file.body = body;
				send(body);
			},
			() => next()
		);
	};
}
