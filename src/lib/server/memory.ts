import v8 from 'node:v8';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { logger } from './log/logger';

type GcOptions = { type: 'major'; execution: 'sync'; flavor: 'last-resort' };

/**
 * Gives the memory V8 keeps after a peak back to the system: a full, compacting collection that
 * also releases the pages V8 pools for reuse. An ordinary collection frees the objects but keeps
 * their pages resident (measured: a worker whose heap went 94 → 16 MB kept 74 MB of pages through
 * 24 s of idling and two full collections; this collection brought them to 9 MB). It takes 70–290 ms
 * in a worker of the bench, so it is for moments when the thread has nothing else to do. Needs Node's
 * `--expose-gc` (npm start passes it); elsewhere it does nothing. Returns the time taken, in ms.
 */
export function releaseFreedMemory(): number | undefined {
	const gc = (globalThis as { gc?: (options: GcOptions) => void }).gc;
	if (typeof gc !== 'function') return undefined;
	const started = performance.now();
	gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
	return performance.now() - started;
}

export type MemoryKeeperOptions = {
	/**
	 * Released when the heap's peak since the last release is this much (bytes) above what the last
	 * release left: V8 keeps a peak's pages resident, so that peak is what the thread holds.
	 */
	grownBy: number;
	/** Not more often than this (ms). */
	minIntervalMs: number;
	/** Only once the thread has had no request for this long (ms). */
	idleMs: number;
	heapSize?: () => number;
	release?: () => number | undefined;
	now?: () => number;
	schedule?: (run: () => void, ms: number) => { cancel(): void };
	/** Told just before and just after a release (npm start's front sends reads elsewhere meanwhile). */
	announce?: (releasing: boolean) => void;
	onRelease?: (info: { ms: number; peakMb: number; beforeMb: number; afterMb: number }) => void;
};

const defaultSchedule = (run: () => void, ms: number) => {
	const timer = setTimeout(run, ms);
	timer.unref();
	return { cancel: () => clearTimeout(timer) };
};

/**
 * Watches one thread's heap between its requests and gives its memory back (above) once the heap
 * has grown well past what the last release left (an import, the national summary, a large map)
 * and the thread is idle: the peak's pages would otherwise stay resident for the life of the
 * process. A request that arrives during the collection waits for it, hence the idle time, the
 * threshold and the interval.
 */
export function memoryKeeper(options: MemoryKeeperOptions) {
	const heapSize = options.heapSize ?? (() => v8.getHeapStatistics().total_heap_size);
	const release = options.release ?? releaseFreedMemory;
	const now = options.now ?? Date.now;
	const schedule = options.schedule ?? defaultSchedule;
	let inFlight = 0;
	let base = heapSize();
	let peak = base;
	let lastRelease = -Infinity;
	let pending: { cancel(): void } | undefined;

	/** Releases now, whatever the heap and the interval (announced like any release). */
	const releaseNow = (before: number) => {
		options.announce?.(true);
		let ms: number | undefined;
		try {
			ms = release();
		} finally {
			options.announce?.(false);
		}
		if (ms === undefined) return;
		lastRelease = now();
		const after = heapSize();
		const mb = (n: number) => Math.round(n / 2 ** 20);
		options.onRelease?.({ ms, peakMb: mb(peak), beforeMb: mb(before), afterMb: mb(after) });
		base = after;
		peak = after;
	};

	const check = () => {
		pending = undefined;
		if (inFlight > 0) return;
		const before = heapSize();
		peak = Math.max(peak, before);
		if (peak - base < options.grownBy) return;
		const wait = lastRelease + options.minIntervalMs - now();
		if (wait > 0) {
			pending = schedule(check, wait);
			return;
		}
		releaseNow(before);
	};

	return {
		/**
		 * After a task known to leave a large heap behind (an import's commit): released at once,
		 * in that request's own time, rather than at the next idle second, which may be long in
		 * coming on a busy writer.
		 */
		afterHeavyTask(): void {
			const before = heapSize();
			peak = Math.max(peak, before);
			releaseNow(before);
		},
		/**
		 * After a task that may have left a large heap behind (a print): released now, in that
		 * request's own time, if the heap grew past the threshold and the interval has passed (as
		 * the idle check would), rather than by a collection in the middle of the next request.
		 * True when it released.
		 */
		afterTaskIfGrown(): boolean {
			const before = heapSize();
			peak = Math.max(peak, before);
			if (peak - base < options.grownBy || now() - lastRelease < options.minIntervalMs)
				return false;
			releaseNow(before);
			return true;
		},
		/** A request starts on this thread. */
		started(): void {
			inFlight++;
			pending?.cancel();
			pending = undefined;
		},
		/** A request of this thread is answered. */
		finished(): void {
			inFlight = Math.max(0, inFlight - 1);
			peak = Math.max(peak, heapSize());
			if (inFlight === 0 && !pending) pending = schedule(check, options.idleMs);
		}
	};
}

/**
 * This thread's keeper, after giving back what start-up took (every thread adds up the national
 * summary before its first request). Released past 40 MB of growth, after 1 s without a request,
 * at most every 30 s: under steady reads a thread's heap stays within 40 MB of its floor (bench:
 * 28–29 MB after a release, peaks of 68–88 MB after an import or the national pages), and a
 * collection takes 70–290 ms. A thread of npm start's pool tells the front while it collects, so
 * reads go to another meanwhile.
 */
export function threadMemoryKeeper(): ReturnType<typeof memoryKeeper> {
	logLongCollections();
	// Without --expose-gc (node build, vite dev) there is nothing to release, nor to tell the front.
	if (typeof (globalThis as { gc?: unknown }).gc !== 'function')
		return {
			started: () => undefined,
			finished: () => undefined,
			afterHeavyTask: () => undefined,
			afterTaskIfGrown: () => false
		};
	const ms = releaseFreedMemory();
	if (ms !== undefined) logger.debug({ ms: Math.round(ms) }, 'memory released after start-up');
	return (current = memoryKeeper({
		grownBy: 40 * 2 ** 20,
		minIntervalMs: 30_000,
		idleMs: 1_000,
		announce: (releasing) =>
			parentPort?.postMessage({ type: releasing ? 'releasing' : 'released' }),
		onRelease: (info) => logger.info(info, 'memory released')
	}));
}

let current: ReturnType<typeof memoryKeeper> | undefined;

/** This thread's keeper releases now (see afterHeavyTask); nothing where there is none. */
export function releaseAfterHeavyTask(): void {
	current?.afterHeavyTask();
}

/** This thread's keeper releases now if its heap grew enough (see afterTaskIfGrown). */
export function releaseIfGrown(): void {
	current?.afterTaskIfGrown();
}

/** Collections that stop the thread this long or longer are logged at debug level. */
const LONG_COLLECTION_MS = 10;
const GC_KINDS: Record<number, string> = {
	[constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
	[constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
	[constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
	[constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks'
};

/**
 * With LOG_LEVEL=debug, each garbage collection that stopped this thread LONG_COLLECTION_MS or more,
 * with its kind: a page slower than its own work (the bench's tails) can be set beside them.
 */
function logLongCollections(): void {
	if (!logger.isLevelEnabled('debug')) return;
	new PerformanceObserver((list) => {
		for (const e of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[])
			if (e.duration >= LONG_COLLECTION_MS)
				logger.debug(
					{ ms: Math.round(e.duration), kind: GC_KINDS[e.detail?.kind ?? 0] ?? 'other' },
					'garbage collection'
				);
	}).observe({ entryTypes: ['gc'] });
}
