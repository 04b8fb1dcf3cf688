/** Work refused because too much of it is already waiting: the message is for the user. */
export class Busy extends Error {}

/**
 * Runs at most `concurrency` tasks at once; up to `maxWaiting` more wait their turn, in order;
 * beyond, `run` throws `Busy` at once. Heavy requests (an upload being parsed, a PDF being printed)
 * are thus bounded in number, so in memory, whatever the number of clients.
 */
export function taskQueue(concurrency: number, maxWaiting: number, busyMessage: string) {
	let running = 0;
	const waiting: (() => void)[] = [];
	return {
		async run<T>(task: () => Promise<T>): Promise<T> {
			if (running >= concurrency) {
				if (waiting.length >= maxWaiting) throw new Busy(busyMessage);
				await new Promise<void>((resolve) => waiting.push(resolve));
			} else running++;
			try {
				return await task();
			} finally {
				const next = waiting.shift();
				// The slot passes to the next task as it is: `running` is unchanged.
				if (next) next();
				else running--;
			}
		},
		get size() {
			return { running, waiting: waiting.length };
		}
	};
}
