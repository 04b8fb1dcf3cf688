import { describe, expect, it } from 'vitest';
import { memoryKeeper } from '../src/lib/server/memory';

const MB = 2 ** 20;

/** A thread's heap, clock and timers, driven by hand. */
function harness(grownBy = 40) {
	let heap = 30 * MB;
	let clock = 0;
	let timers: { at: number; run: () => void; cancelled: boolean }[] = [];
	const releases: { at: number; heapMb: number }[] = [];
	const announced: boolean[] = [];
	const keeper = memoryKeeper({
		announce: (releasing) => announced.push(releasing),
		grownBy: grownBy * MB,
		minIntervalMs: 30_000,
		idleMs: 250,
		heapSize: () => heap,
		now: () => clock,
		release: () => {
			releases.push({ at: clock, heapMb: heap / MB });
			heap = 30 * MB;
			return 12;
		},
		schedule: (run, ms) => {
			const t = { at: clock + ms, run, cancelled: false };
			timers.push(t);
			return { cancel: () => (t.cancelled = true) };
		}
	});
	const advance = (ms: number) => {
		const until = clock + ms;
		for (;;) {
			const next = timers
				.filter((t) => !t.cancelled && t.at <= until)
				.sort((a, b) => a.at - b.at)[0];
			if (!next) break;
			timers = timers.filter((t) => t !== next);
			clock = next.at;
			next.run();
		}
		clock = until;
	};
	return {
		keeper,
		releases,
		announced,
		advance,
		setHeap: (mb: number) => (heap = mb * MB),
		request: (heapAfterMb: number, ms = 20) => {
			keeper.started();
			advance(ms);
			heap = heapAfterMb * MB;
			keeper.finished();
		}
	};
}

describe('memoryKeeper gives a peak’s memory back when the thread is idle', () => {
	it('releases once the heap has grown past the threshold and the thread has been idle', () => {
		const h = harness();
		h.request(60); // +30 MB: under the threshold
		h.advance(1_000);
		expect(h.releases).toEqual([]);
		h.request(110); // an import: +80 MB
		h.advance(200);
		expect(h.releases).toEqual([]); // not idle long enough yet
		h.advance(100);
		expect(h.releases.map((r) => r.heapMb)).toEqual([110]);
		// The front was told before and after (it sends reads elsewhere meanwhile).
		expect(h.announced).toEqual([true, false]);
	});

	it('counts a peak the heap has already come down from (V8 keeps its pages)', () => {
		const h = harness();
		h.request(120);
		h.keeper.started(); // the next request arrives before the thread is idle
		h.setHeap(50); // a collection brought the heap down during it
		h.keeper.finished();
		h.advance(300);
		expect(h.releases.map((r) => r.heapMb)).toEqual([50]);
	});

	it('never collects while a request is in flight, and a new request cancels a pending check', () => {
		const h = harness();
		h.request(120);
		h.advance(100);
		h.keeper.started(); // arrives within the idle time
		h.advance(10_000);
		expect(h.releases).toEqual([]);
		h.keeper.finished();
		h.advance(300);
		expect(h.releases).toHaveLength(1);
	});

	it('waits out the minimum interval between two releases', () => {
		const h = harness();
		h.request(120);
		h.advance(300);
		expect(h.releases).toHaveLength(1);
		const first = h.releases[0].at;
		h.request(120);
		h.advance(300);
		expect(h.releases).toHaveLength(1);
		h.advance(30_000);
		expect(h.releases).toHaveLength(2);
		expect(h.releases[1].at - first).toBeGreaterThanOrEqual(30_000);
	});

	it('does nothing where collections cannot be asked for (no --expose-gc)', () => {
		let heap = 0;
		let asked = 0;
		const keeper = memoryKeeper({
			grownBy: MB,
			minIntervalMs: 60_000,
			idleMs: 0,
			heapSize: () => heap,
			release: () => {
				asked++;
				return undefined;
			},
			schedule: (run) => {
				run();
				return { cancel: () => undefined };
			}
		});
		heap = 100 * MB;
		keeper.started();
		keeper.finished();
		// Nothing was released, so no interval starts: the next idle moment asks again.
		keeper.started();
		keeper.finished();
		expect(asked).toBe(2);
	});
	it('releases at once after a heavy task, whatever the interval, and measures growth from there', () => {
		const h = harness();
		h.request(120);
		h.advance(300);
		expect(h.releases).toHaveLength(1);
		h.setHeap(95);
		h.keeper.afterHeavyTask(); // within the 30 s interval
		expect(h.releases.map((r) => r.heapMb)).toEqual([120, 95]);
		h.request(60); // +30 MB from what the last release left: under the threshold
		h.advance(60_000);
		expect(h.releases).toHaveLength(2);
	});

	it('after a print, releases only past the threshold and the interval, in the task’s own time', () => {
		const h = harness();
		h.keeper.started();
		h.setHeap(60); // +30 MB: under the threshold
		expect(h.keeper.afterTaskIfGrown()).toBe(false);
		h.setHeap(110);
		expect(h.keeper.afterTaskIfGrown()).toBe(true); // in flight: the print's own time
		expect(h.releases.map((r) => r.heapMb)).toEqual([110]);
		h.setHeap(120);
		h.advance(10_000);
		expect(h.keeper.afterTaskIfGrown()).toBe(false); // within 30 s of the last release
		h.advance(20_000);
		expect(h.keeper.afterTaskIfGrown()).toBe(true);
		expect(h.releases).toHaveLength(2);
		h.keeper.finished();
	});
});
