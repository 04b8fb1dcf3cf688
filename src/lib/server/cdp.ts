import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * A headless Chromium driven over its DevTools pipe (`--remote-debugging-pipe`: the browser reads
 * commands on file descriptor 3 and writes answers and events on 4, each a JSON text ended by a
 * NUL byte). This is what the PDF service needs of a browser driver, and nothing more: Playwright's
 * driver did the same but loading it took 30 MB of live heap (74 MB of memory) in the server's
 * writer for as long as it ran (issue #16). The pipe, unlike a debugging port, is open to no other
 * process of the machine.
 */

type Pending = {
	resolve: (value: unknown) => void;
	reject: (e: Error) => void;
	timer: ReturnType<typeof setTimeout>;
};
type Message = {
	id?: number;
	method?: string;
	params?: Record<string, unknown>;
	sessionId?: string;
	result?: unknown;
	error?: { message?: string };
};
export type CdpEvent = { method: string; params: Record<string, unknown>; sessionId?: string };

/** What a browser's session (or the browser itself, with no session id) can be asked. */
export type CdpTarget = {
	send<T = Record<string, unknown>>(
		method: string,
		params?: Record<string, unknown>,
		timeoutMs?: number
	): Promise<T>;
	/** Calls `listener` with each event of this session; returns the function that stops it. */
	on(listener: (e: CdpEvent) => void): () => void;
};

export class CdpError extends Error {}

/** Profile folders are named after the server's process: `gc-pdf-<pid>-<random>`. */
const PROFILE_PREFIX = 'gc-pdf-';

/**
 * Removes the profile folders of servers that are no longer running (killed before their browser's
 * folder could be removed). A folder of a running process, this one's included, is left alone.
 */
function sweepProfiles(): void {
	try {
		for (const name of fs.readdirSync(os.tmpdir())) {
			const pid = Number(/^gc-pdf-(\d+)-/.exec(name)?.[1]);
			if (!pid) continue;
			try {
				process.kill(pid, 0);
				continue; // still running
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code === 'EPERM') continue; // someone else's
			}
			fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
		}
	} catch {
		// nothing to sweep, or not allowed
	}
}

/** Commands answer within this time unless told otherwise; a hung browser then fails the print. */
const COMMAND_TIMEOUT_MS = 30_000;
/** Chromium has this long to start and answer its first command. */
const LAUNCH_TIMEOUT_MS = 20_000;
/** The end of Chromium's error output kept for the log when it fails to start. */
const STDERR_TAIL = 4_096;

export type LaunchOptions = {
	executable: string;
	args: readonly string[];
	/** Started at this niceness (Linux, through `nice`), so its start does not slow the server. */
	nice?: number;
	/**
	 * Started in Linux's idle scheduling class (SCHED_IDLE, through `chrt`, inherited by every
	 * process it starts): it gets a core only when no other thread of the machine wants it, whatever
	 * priority it gives itself. True when it was (see `Browser.idle`).
	 */
	idle?: boolean;
};

/** Linux's tools for a process's priority and scheduling class (util-linux, coreutils). */
const NICE_TOOL = '/usr/bin/nice';
const CHRT_TOOL = '/usr/bin/chrt';

export class Browser implements CdpTarget {
	private nextId = 0;
	private readonly pending = new Map<number, Pending>();
	private readonly listeners = new Set<(e: CdpEvent) => void>();
	private readonly exitListeners = new Set<() => void>();
	private exited = false;
	private readonly exit: Promise<void>;
	private stderr = '';

	private constructor(
		private readonly child: ChildProcess,
		private readonly profile: string,
		/** Started in the idle scheduling class (LaunchOptions.idle). */
		readonly idle = false
	) {
		const input = child.stdio[3] as Writable;
		const output = child.stdio[4] as Readable;
		input.on('error', () => undefined);
		let parts: Buffer[] = [];
		output.on('data', (chunk: Buffer) => {
			let start = 0;
			for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
				parts.push(chunk.subarray(start, end));
				const text = Buffer.concat(parts).toString('utf8');
				parts = [];
				start = end + 1;
				this.dispatch(text);
			}
			if (start < chunk.length) parts.push(chunk.subarray(start));
		});
		child.stderr?.setEncoding('utf8');
		child.stderr?.on('data', (s: string) => (this.stderr = (this.stderr + s).slice(-STDERR_TAIL)));
		this.exit = new Promise((resolve) => {
			const gone = () => {
				if (this.exited) return;
				this.exited = true;
				const error = new CdpError('Chromium s’est arrêté');
				for (const p of this.pending.values()) {
					clearTimeout(p.timer);
					p.reject(error);
				}
				this.pending.clear();
				// Removed before anyone is told, so a process that exits right after close() leaves
				// no profile folder behind.
				fs.rmSync(profile, { recursive: true, force: true });
				for (const listener of this.exitListeners) listener();
				this.exitListeners.clear();
				resolve();
			};
			// "error": it could not be started at all (no such file), and no "exit" follows.
			child.once('exit', gone);
			child.once('error', gone);
		});
	}

	/** Starts Chromium with a fresh profile folder and waits until it answers. */
	static async launch(options: LaunchOptions): Promise<Browser> {
		sweepProfiles();
		const profile = fs.mkdtempSync(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
		const args = [
			...options.args,
			'--headless',
			'--remote-debugging-pipe',
			`--user-data-dir=${profile}`,
			'--no-startup-window'
		];
		const command = [options.executable, ...args];
		if (options.nice !== undefined && fs.existsSync(NICE_TOOL))
			command.unshift(NICE_TOOL, '-n', String(options.nice));
		const idle = options.idle === true && fs.existsSync(CHRT_TOOL);
		if (idle) command.unshift(CHRT_TOOL, '--idle', '0');
		const child = spawn(
			command[0],
			command.slice(1),
			// Its own process group: a Ctrl-C in the terminal reaches the server, which closes the
			// browser once the reports being printed are done.
			{ stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true }
		);
		const browser = new Browser(child, profile, idle);
		const failed = new Promise<never>((_, reject) => {
			child.once('error', (e) => reject(e));
			child.once('exit', (code, signal) =>
				reject(
					new CdpError(
						`Chromium s’est arrêté au démarrage (${signal ?? code}) : ${browser.stderr.trim().slice(-500)}`
					)
				)
			);
		});
		try {
			await Promise.race([browser.send('Browser.getVersion', {}, LAUNCH_TIMEOUT_MS), failed]);
		} catch (e) {
			browser.kill();
			throw e;
		}
		failed.catch(() => undefined);
		return browser;
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get closed(): boolean {
		return this.exited;
	}

	/** Calls `listener` once the browser has exited (at once if it has); returns the function that stops it. */
	onExit(listener: () => void): () => void {
		if (this.exited) {
			listener();
			return () => undefined;
		}
		this.exitListeners.add(listener);
		return () => this.exitListeners.delete(listener);
	}

	private dispatch(text: string): void {
		let message: Message;
		try {
			message = JSON.parse(text) as Message;
		} catch {
			return;
		}
		if (typeof message.id === 'number') {
			const p = this.pending.get(message.id);
			if (!p) return;
			this.pending.delete(message.id);
			clearTimeout(p.timer);
			if (message.error) p.reject(new CdpError(message.error.message ?? 'erreur du navigateur'));
			else p.resolve(message.result ?? {});
		} else if (typeof message.method === 'string') {
			const event: CdpEvent = {
				method: message.method,
				params: message.params ?? {},
				sessionId: message.sessionId
			};
			for (const listener of this.listeners) listener(event);
		}
	}

	private command<T>(
		method: string,
		params: Record<string, unknown>,
		sessionId: string | undefined,
		timeoutMs: number
	): Promise<T> {
		if (this.exited) return Promise.reject(new CdpError('Chromium s’est arrêté'));
		const id = ++this.nextId;
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new CdpError(`${method} : pas de réponse du navigateur`));
			}, timeoutMs);
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
			// A browser-level command has no sessionId: JSON.stringify leaves the undefined key out.
			const text = JSON.stringify({ id, method, params, sessionId });
			(this.child.stdio[3] as Writable).write(`${text}\0`);
		});
	}

	send<T = Record<string, unknown>>(
		method: string,
		params: Record<string, unknown> = {},
		timeoutMs = COMMAND_TIMEOUT_MS
	): Promise<T> {
		return this.command<T>(method, params, undefined, timeoutMs);
	}

	/** Calls `listener` with the events of one session (undefined: the browser's own). */
	private listen(sessionId: string | undefined, listener: (e: CdpEvent) => void): () => void {
		const own = (e: CdpEvent) => {
			if (e.sessionId === sessionId) listener(e);
		};
		this.listeners.add(own);
		return () => this.listeners.delete(own);
	}

	on(listener: (e: CdpEvent) => void): () => void {
		return this.listen(undefined, listener);
	}

	/** The session of a target attached with `flatten: true`. */
	session(sessionId: string): CdpTarget {
		return {
			send: <T>(
				method: string,
				params: Record<string, unknown> = {},
				timeoutMs = COMMAND_TIMEOUT_MS
			) => this.command<T>(method, params, sessionId, timeoutMs),
			on: (listener) => this.listen(sessionId, listener)
		};
	}

	private kill(): void {
		if (this.exited || !this.child.pid) return;
		try {
			process.kill(-this.child.pid, 'SIGKILL');
		} catch {
			this.child.kill('SIGKILL');
		}
	}

	/** Asks the browser to close, and ends its processes if it has not within `graceMs`. */
	async close(graceMs = 3_000): Promise<void> {
		if (this.exited) return;
		this.send('Browser.close', {}, graceMs).catch(() => undefined);
		const timer = setTimeout(() => this.kill(), graceMs);
		await this.exit;
		clearTimeout(timer);
	}
}
