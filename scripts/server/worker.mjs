// One SvelteKit server in a worker thread: adapter-node's own server (request parsing, body limit,
// streaming, graceful shutdown), listening on a Unix socket that only the front thread connects to.
// The front thread (scripts/serve.mjs) sets SOCKET_PATH and ADDRESS_HEADER in this thread's env.
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

const socket = process.env.SOCKET_PATH;
if (!socket || !parentPort)
	throw new Error('scripts/server/worker.mjs runs in a worker of serve.mjs');
fs.rmSync(socket, { force: true });

// This thread's scheduling priority (Linux: a thread id is a process id to setpriority). The front
// thread keeps the default, so accepting a connection or serving a static file is never queued
// behind a page being rendered on the same cores; writes go before reads.
try {
	const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
	if (Number.isInteger(tid) && workerData?.nice) os.setPriority(tid, workerData.nice);
} catch {
	// not Linux, or not allowed: every thread keeps the default priority
}

// Importing the build runs the hooks' init (the writer migrates and seeds first), then listens.
await import('../../build/index.js');
while (!fs.existsSync(socket)) await new Promise((r) => setTimeout(r, 5));
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', (message) => {
	// Signals reach the main thread only: the front thread passes the shutdown on, and adapter-node's
	// own handler closes the server, waits for requests in flight and emits 'sveltekit:shutdown'.
	if (message?.type === 'shutdown') {
		parentPort.unref();
		process.emit('SIGTERM');
	}
});
