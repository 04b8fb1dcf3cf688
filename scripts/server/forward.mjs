// Passes one request from the front thread to a worker over its Unix socket and the worker's
// answer back (scripts/serve.mjs). The request's body, if any, has already been read whole.
import http from 'node:http';

/** Headers that describe one connection, not the message: never passed on either way. */
export const HOP_BY_HOP = [
	'connection',
	'keep-alive',
	'proxy-connection',
	'transfer-encoding',
	'te',
	'trailer',
	'upgrade'
];

/**
 * Sends the request to the worker and pipes its answer to `res`. A read (GET, HEAD) sent on a
 * connection kept alive from an earlier request, reset by the worker as it was sent, is sent again
 * once on a new connection. Anything else is never sent twice: a reset cannot be told from a worker
 * that applied the request and failed before answering, so it is answered 503 (the front closes
 * idle connections before the worker does, so this is rare). Sending each write on a connection of
 * its own would avoid even that, but cost the server 15–20 MB of memory in the bench. (Found by the
 * bench: a write on a connection the writer was closing waited for ever, the front having checked
 * the request's state instead of the answer's.)
 *
 * @param {{
 *   res: http.ServerResponse,
 *   socketPath: string,
 *   agent: http.Agent,
 *   method: string,
 *   path: string,
 *   headers: http.OutgoingHttpHeaders,
 *   body: Buffer | null,
 *   onAnswer?: (answer: http.IncomingMessage) => void,
 *   onRendered?: () => void,
 *   onFailed: (err: Error) => void,
 *   onDone: () => void
 * }} o `onFailed` when no answer came and one can still be sent (the caller answers 503);
 *   `onRendered` once, when the worker's answer begins or no answer will come: the worker is done
 *   with it, however slowly the client reads the rest; `onDone` once, when the exchange is over
 *   either way. A client that leaves before the answer does not stop the worker's work (it goes on
 *   anyway): its answer is read and dropped, so the worker counts as busy until it is done.
 */
export function forward(o) {
	const { res } = o;
	let answered = false;
	let done = false;
	const finish = () => {
		if (done) return;
		done = true;
		o.onDone();
	};
	let rendered = false;
	const renderedNow = () => {
		if (rendered) return;
		rendered = true;
		o.onRendered?.();
	};
	/** @type {http.ClientRequest | undefined} */
	let current;
	const read = o.method === 'GET' || o.method === 'HEAD';
	const send = (/** @type {boolean} */ retry) => {
		const upstream = http.request(
			{
				socketPath: o.socketPath,
				agent: o.agent,
				method: o.method,
				path: o.path,
				headers: o.headers
			},
			(answer) => {
				answered = true;
				renderedNow();
				if (res.destroyed) {
					// The client left while the worker rendered: the answer is dropped.
					answer.resume();
					answer.on('end', finish);
					answer.on('error', finish);
					return;
				}
				const out = { ...answer.headers };
				for (const h of HOP_BY_HOP) delete out[h];
				res.writeHead(answer.statusCode ?? 502, out);
				o.onAnswer?.(answer);
				answer.pipe(res);
				answer.on('error', () => res.destroy());
			}
		);
		upstream.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
			const reset = err.code === 'ECONNRESET' || err.code === 'EPIPE';
			if (read && retry && reset && upstream.reusedSocket && !answered && !res.destroyed)
				return send(false);
			renderedNow();
			finish();
			// The client is gone, or the answer was under way: nothing more can be said. (Not
			// `req.destroyed`: a request whose body was read whole is destroyed, its client is not.)
			if (res.writableEnded || res.destroyed) return;
			if (res.headersSent) return res.destroy();
			o.onFailed(err);
		});
		current = upstream;
		upstream.end(o.body ?? undefined);
	};
	res.on('close', () => {
		// Before the answer, the worker is still rendering: the exchange ends with its answer.
		if (!answered) return;
		finish();
		if (!res.writableFinished) current?.destroy();
	});
	send(true);
}
