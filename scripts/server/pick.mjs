// Which worker thread takes a request (scripts/serve.mjs): the front's routing policy, kept apart
// from the server so that it can be tested.

/**
 * Reads in flight at the least busy reader (one being rendered, the others waiting) from which an
 * idle writer takes any read, light or not: a page would wait behind two renders, longer than a
 * write would wait behind it. (The dashboard
 * right after a write, national bench on a 2-core machine: it queued behind the two readers' pages,
 * 91–138 ms; taken by the idle writer, 37–82 ms, writes as fast.)
 */
export const QUEUED_BEHIND = 2;

/**
 * The writer takes writes and the PDF service; readers take the reads, the least busy first. When
 * every reader is busy and the writer is idle, the writer takes a read that has been light so far
 * (`light`: under SERVER_OVERFLOW_MS on average), or any read once QUEUED_BEHIND are in flight at the
 * least busy reader: the page an editor opens right after saving no longer queues behind someone
 * else's, and a machine with two cores needs one reader only, while a write seldom waits behind a
 * read (a report, an export, a national page) the writer took.
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
	if (
		writer &&
		writer.inFlight === 0 &&
		(!best || (overflow && ((best.inFlight > 0 && light) || best.inFlight >= QUEUED_BEHIND)))
	)
		return writer;
	return best ?? writer;
}
