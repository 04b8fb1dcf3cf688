import { isMainThread, workerData } from 'node:worker_threads';

/**
 * True where the once-per-server tasks run (migrations and seed, demo accounts, the mail scheduler,
 * the PDF browser): the only thread of `node build` or `vite dev`, or the writer of `npm start`'s
 * pool (scripts/serve.mjs), never one of its readers.
 */
export function isPrimary(): boolean {
	return isMainThread || (workerData as { role?: string } | null)?.role !== 'reader';
}

/**
 * False for the writer of `npm start`'s pool when it has readers: it takes writes and the PDF
 * service, so it does not prepare the national summary that reads need at start-up.
 */
export function preparesReads(): boolean {
	return isMainThread || (workerData as { reads?: boolean } | null)?.reads !== false;
}
