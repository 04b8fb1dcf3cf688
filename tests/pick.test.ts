import { describe, expect, it } from 'vitest';
import { pickWorker } from '../scripts/server/pick.mjs';

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
const pick = (slots: Slot[], write: boolean, light = false) =>
	pickWorker(slots, { write, light })?.name;

describe('the front’s choice of a worker', () => {
	it('gives every write (and PDF) to the writer, however busy, and none when it is not ready', () => {
		expect(pick(pool(3, 0), true)).toBe('writer');
		const starting = pool(0, 0);
		starting[0].ready = false;
		expect(pick(starting, true)).toBeUndefined();
	});

	it('gives a read to the least busy reader', () => {
		expect(pick(pool(0, 0), false)).toBe('reader 1');
		expect(pick(pool(0, 1, 0), false)).toBe('reader 2');
		expect(pick(pool(0, 2, 1, 3), false)).toBe('reader 2');
	});

	it('keeps the writer for writes while a reader is only busy: a write never waits behind a page', () => {
		expect(pick(pool(0, 1), false, true)).toBe('reader 1');
		expect(pick(pool(0, 1, 1), false, true)).toBe('reader 1');
		expect(pick(pool(0, 3), false, false)).toBe('reader 1');
		expect(pick(pool(0, 2, 5), false, false)).toBe('reader 1');
	});

	it('lets an idle writer take a light read once two are in flight at every reader', () => {
		expect(pick(pool(0, 2), false, true)).toBe('writer');
		expect(pick(pool(0, 2, 1), false, true)).toBe('reader 2');
		expect(pick(pool(0, 2, 2), false, true)).toBe('writer');
		// a busy writer takes no read
		expect(pick(pool(1, 5), false, true)).toBe('reader 1');
	});

	it('keeps every read on the readers when overflow is off (SERVER_OVERFLOW_MS=0)', () => {
		const off = (slots: Slot[], light: boolean) =>
			pickWorker(slots, { write: false, light, overflow: false })?.name;
		expect(off(pool(0, 2), true)).toBe('reader 1');
		expect(off(pool(0, 3), true)).toBe('reader 1');
		expect(off(pool(0), false)).toBe('writer');
	});

	it('sends reads to the writer when no reader is ready (SERVER_READERS=0, or readers starting)', () => {
		expect(pick(pool(0), false)).toBe('writer');
		expect(pick(pool(4), false)).toBe('writer');
		const starting = pool(0, 0);
		starting[1].ready = false;
		expect(pick(starting, false)).toBe('writer');
	});
});
