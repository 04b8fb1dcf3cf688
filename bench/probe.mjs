// The event-loop probe of `npm run bench`: a static file every 50 ms, from a process of its own,
// with node:http and one kept-alive connection, until its standard input closes; then it prints
// its samples ([milliseconds, status] pairs, JSON) and exits. In a thread of the bench (fetch), a
// probe's tail was the bench's own: on the same server at the same time, p99 13–18 ms and maximum
// 34–46 ms there, 9–12 ms and 10–20 ms from a separate process (and from a Python client).
import http from 'node:http';

const url = new URL(process.argv[2] ?? '');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let running = true;
process.stdin.on('end', () => (running = false));
process.stdin.resume();

/** One request: its time from send to the last byte, and its status (0 when it failed). */
const once = () =>
	new Promise((resolve) => {
		const started = performance.now();
		const req = http.get(url, { agent }, (res) => {
			res.resume();
			res.on('end', () => resolve([performance.now() - started, res.statusCode ?? 0]));
			res.on('error', () => resolve([performance.now() - started, 0]));
		});
		req.on('error', () => resolve([performance.now() - started, 0]));
		// A server that stalls is a sample of its own (status 0), not a bench that never ends.
		req.setTimeout(10_000, () => req.destroy());
	});

const samples = [];
while (running) {
	const sample = await once();
	// A line once the probe is up: the bench starts a scenario's load only then, so that two Node
	// processes starting are not measured as the server's latency (the first write of a scenario
	// and the dashboard after it were 118–243 ms, the next ones under 80).
	if (samples.length === 0) process.stdout.write('\n');
	samples.push(sample);
	await new Promise((r) => setTimeout(r, Math.max(0, 50 - sample[0])));
}
agent.destroy();
process.stdout.write(JSON.stringify(samples));
