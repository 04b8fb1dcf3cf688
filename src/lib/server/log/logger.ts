import pino from 'pino';
import { workerData } from 'node:worker_threads';

/**
 * The one logger: JSON lines on stdout (pino), level from LOG_LEVEL (default info; "silent" in unit
 * tests). Never give it cookies, passwords or personal data: callers pass ids and route ids only.
 */
export const logger = pino({
	level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
	base: threadName(),
	timestamp: pino.stdTimeFunctions.isoTime,
	redact: { paths: ['*.password', '*.cookie', '*.authorization', '*.token'], censor: '[masqué]' }
});

/** In `npm start`'s pool, which worker thread wrote the line ("writer-0", "reader-1"). */
function threadName(): { thread: string } | undefined {
	const data = workerData as { role?: unknown; index?: unknown } | null;
	if (typeof data?.role !== 'string') return undefined;
	return { thread: `${data.role}-${typeof data.index === 'number' ? data.index : 0}` };
}

let installed = false;

/** Logs what would otherwise end the process silently; a crash still ends it (state is unknown). */
export function installProcessHandlers(): void {
	if (installed) return;
	installed = true;
	process.on('unhandledRejection', (reason) => {
		logger.error({ err: reason }, 'unhandled promise rejection');
	});
	process.on('uncaughtException', (err) => {
		logger.fatal({ err }, 'uncaught exception');
		process.exitCode = 1;
		// Let pino flush, then stop: after an uncaught exception the process state is unknown.
		setTimeout(() => process.exit(1), 100).unref();
	});
}
