import { describe, expect, it } from 'vitest';
import { nextFor, pickWorker, WAIT } from '../scripts/server/pick.mjs';

// The front's routing (scripts/server/pick.mjs): which worker thread takes a request.
type Slot = { name: string; role: 'writer' | 'reader'; ready: boolean; inFlight: number };
const pool = (writer: number, ...readers: number[]): Slot[] => [
	{ name: 'writer', role: 'writer', ready: true, inFlight: writer },
	...readers.map((inFlight, i) => ({
		name: `reader ${i + 1}`,
		role: 'reader' as const,
		ready: true,
		inFlight
	}))
];
const pick = (slots: Slot[], write: boolean, light = false, waiting = 0) => {
	const s = pickWorker(slots, { write, light, waiting });
	return s === WAIT ? 'wait' : s?.name;
};

describe('the front’s choice of a worker', () => {
	it('gives every write (and PDF) to the writer, however busy, and none when it is not ready', () => {
		expect(pick(pool(3, 0), true)).toBe('writer');
		const starting = pool(0, 0);
		starting[0].ready = false;
		expect(pick(starting, true)).toBeUndefined();
	});

	it('gives a read to a free reader', () => {
		expect(pick(pool(0, 0), false)).toBe('reader 1');
		expect(pick(pool(0, 1, 0), false)).toBe('reader 2');
		expect(pick(pool(0, 1, 1, 0), false)).toBe('reader 3');
	});

	it('keeps a read waiting at the front while every reader is busy, never queued at one of them', () => {
		expect(pick(pool(0, 1), false)).toBe('wait');
		expect(pick(pool(0, 1, 1), false, true)).toBe('wait');
		expect(pick(pool(0, 1, 1), false, false, 3)).toBe('wait');
	});

	it('serves those waiting first: a reader that frees up takes the oldest, not a newcomer', () => {
		expect(pick(pool(0, 0), false, false, 1)).toBe('wait');
		expect(nextFor(pool(0, 1, 0))?.name).toBe('reader 2');
		expect(nextFor(pool(0, 1, 1))).toBeUndefined();
	});

	it('lets an idle writer take a light read once two are ahead of it, never a heavy one', () => {
		expect(pick(pool(0, 1), false, true, 1)).toBe('writer');
		expect(pick(pool(0, 1), false, false, 1)).toBe('wait');
		// a busy writer takes no read
		expect(pick(pool(1, 1), false, true, 5)).toBe('wait');
	});

	it('keeps every read on the readers when overflow is off (SERVER_OVERFLOW_MS=0)', () => {
		const off = (slots: Slot[], waiting: number) => {
			const s = pickWorker(slots, { write: false, light: true, overflow: false, waiting });
			return s === WAIT ? 'wait' : s?.name;
		};
		expect(off(pool(0, 1), 3)).toBe('wait');
		expect(off(pool(0), 0)).toBe('writer');
	});

	it('sends reads to the writer, one at a time, when no reader is ready (SERVER_READERS=0, or readers restarting)', () => {
		expect(pick(pool(0), false)).toBe('writer');
		expect(pick(pool(1), false)).toBe('wait');
		expect(pick(pool(0), false, false, 2)).toBe('wait');
		const starting = pool(0, 0);
		starting[1].ready = false;
		expect(pick(starting, false)).toBe('writer');
		expect(nextFor(starting)?.name).toBe('writer');
		// a busy writer takes none of those waiting: a write never waits behind a line of reads
		starting[0].inFlight = 1;
		expect(nextFor(starting)).toBeUndefined();
		const none = pool(0);
		none[0].ready = false;
		expect(pick(none, false)).toBeUndefined();
	});
});
