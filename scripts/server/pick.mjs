// Which worker thread takes a request (scripts/serve.mjs): the front's routing policy, kept apart
// from the server so that it can be tested.

/**
 * Reads in flight at the least busy reader (one being rendered, the others waiting) from which an
 * idle writer takes a light read: a backlog, not one read in progress.
 */
export const QUEUED_BEHIND = 2;

/**
 * The writer takes writes and the PDF service; readers take the reads, the least busy first. The
 * writer takes a read only when no reader is ready, or when it is idle, the read has been light so far
 * (`light`: under SERVER_OVERFLOW_MS on average) and QUEUED_BEHIND are in flight at the least busy
 * reader. A write then almost never waits behind a page: measured on the national bench (2 cores,
 * two readers), writes 6–42 ms, where a writer taking a light read whenever the reader was busy
 * made a write wait behind someone's dashboard (61–93 ms) and ran the writer's garbage collections
 * in the middle of writes.
 *
 * @template {{ role: 'writer' | 'reader', ready: boolean, inFlight: number }} S
 * @param {S[]} slots
 * @param {{ write: boolean, light: boolean, overflow?: boolean }} request `write`: a form post or a
 *   PDF; `overflow: false` (SERVER_OVERFLOW_MS=0) keeps every read on the readers while one is ready
 * @returns {S | undefined} undefined when no worker is ready for it
 */
export function pickWorker(slots, { write, light, overflow = true }) {
	const writer = slots.find((s) => s.role === 'writer' && s.ready);
	if (write) return writer;
	let best;
	for (const s of slots)
		if (s.role === 'reader' && s.ready && (!best || s.inFlight < best.inFlight)) best = s;
	if (!best) return writer;
	if (overflow && light && writer?.inFlight === 0 && best.inFlight >= QUEUED_BEHIND) return writer;
	return best;
}
