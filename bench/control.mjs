// The control of `npm run bench`'s probe: an HTTP server that does nothing but answer "ok", in a
// process of its own, probed like the app's static file. Its latency is the machine's alone (its
// scheduler, its other tenants): a probe that is slow on both at once was slowed by the machine, not
// by the app's event loop. Prints its port, then serves until killed.
import http from 'node:http';

const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
	const address = server.address();
	process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
