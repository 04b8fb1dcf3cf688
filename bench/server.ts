import fs from 'node:fs';

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
