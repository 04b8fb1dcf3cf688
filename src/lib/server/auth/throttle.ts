/**
 * Login throttling: after `max` failures for the same key (an e-mail, an address) within `windowMs`,
 * further attempts are refused until the window ends. In memory: one server process.
 */
export class Throttle {
	private hits = new Map<string, { count: number; resetAt: number }>();
	constructor(
		private readonly max = 5,
		private readonly windowMs = 15 * 60 * 1000
	) {}

	/** Seconds to wait before trying again, or 0 when allowed. */
	retryAfter(keys: string[], now = Date.now()): number {
		let wait = 0;
		for (const key of keys) {
			const h = this.hits.get(key);
			if (h && h.resetAt <= now) this.hits.delete(key);
			else if (h && h.count >= this.max) wait = Math.max(wait, Math.ceil((h.resetAt - now) / 1000));
		}
		return wait;
	}

	fail(keys: string[], now = Date.now()): void {
		for (const key of keys) {
			const h = this.hits.get(key);
			if (!h || h.resetAt <= now) this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
			else h.count++;
		}
	}

	reset(keys: string[]): void {
		for (const key of keys) this.hits.delete(key);
	}
}

/** Per account: 5 failures in 15 minutes. Per address: more, since offices share one. */
export const accountThrottle = new Throttle(
	Number(process.env.LOGIN_MAX_ATTEMPTS ?? 5),
	15 * 60 * 1000
);
export const addressThrottle = new Throttle(
	Number(process.env.LOGIN_MAX_ATTEMPTS_PER_ADDRESS ?? 50),
	15 * 60 * 1000
);
