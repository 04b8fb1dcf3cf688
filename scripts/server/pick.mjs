// Which worker thread takes a request (scripts/serve.mjs): the front's routing policy, kept apart
// from the server so that it can be tested.

/**
 * Reads ahead of a new one (the one a reader is rendering and those waiting at the front) from which
 * an idle writer takes a light read: a backlog, not one read in progress.
 */
export const QUEUED_BEHIND = 2;

/** Answer of pickWorker when a read waits at the front for the first reader to be free. */
export const WAIT = 'wait';

/**
 * The writer takes writes and the PDF service. A reader renders one read at a time; a read goes to
 * a free reader, else waits at the front (first come, first served) and goes to the first reader to
 * be free: sent at once to a busy reader, a read could wait behind several that came after it
 * (measured on the national bench: the dashboard right after a write answered 241 ms, 221 of them
 * waiting at the reader while it served five later reads). The writer takes a read only when no
 * reader is ready (one at a time), or when it is idle, the read has been light so far (`light`: under
 * SERVER_OVERFLOW_MS on average) and QUEUED_BEHIND reads are ahead of it: a write then seldom waits
 * behind a page (writes 6–42 ms where a writer taking a light read whenever the reader was busy made
 * them wait behind someone's dashboard, 61–93 ms). Such a light read goes to the writer at once,
 * ahead of those waiting: the writer never takes a read from the line.
 *
 * @template {{ role: 'writer' | 'reader', ready: boolean, inFlight: number }} S
 * @param {S[]} slots
 * @param {{ write: boolean, light: boolean, overflow?: boolean, waiting?: number }} request `write`:
 *   a form post or a PDF; `waiting`: reads already waiting at the front; `overflow: false`
 *   (SERVER_OVERFLOW_MS=0) keeps every read on the readers while one is ready
 * @returns {S | typeof WAIT | undefined} undefined when no worker is ready for it
 */
export function pickWorker(slots, { write, light, overflow = true, waiting = 0 }) {
	const writer = slots.find((s) => s.role === 'writer' && s.ready);
	if (write) return writer;
	const readers = slots.filter((s) => s.role === 'reader' && s.ready);
	// No reader (SERVER_READERS=0, or restarting): the writer, one read at a time.
	if (readers.length === 0)
		return !writer ? undefined : waiting === 0 && writer.inFlight === 0 ? writer : WAIT;
	const free = waiting === 0 ? readers.find((s) => s.inFlight === 0) : undefined;
	if (free) return free;
	if (overflow && light && writer?.inFlight === 0 && 1 + waiting >= QUEUED_BEHIND) return writer;
	return WAIT;
}

/**
 * The reader a waiting read goes to now: a free one, or the idle writer when no reader is ready (they
 * are restarting, or SERVER_READERS=0); undefined while they are busy.
 *
 * @template {{ role: 'writer' | 'reader', ready: boolean, inFlight: number }} S
 * @param {S[]} slots
 * @returns {S | undefined}
 */
export function nextFor(slots) {
	const readers = slots.filter((s) => s.role === 'reader' && s.ready);
	const pool = readers.length ? readers : slots.filter((s) => s.role === 'writer' && s.ready);
	return pool.find((s) => s.inFlight === 0);
}
