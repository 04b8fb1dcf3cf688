import { describe, it, expect } from 'vitest';
import { readForm } from '../../src/lib/server/forms/contract';

const trickle = (chunks: string[], pauseMs: number) =>
	new ReadableStream<Uint8Array>({
		async pull(controller) {
			await new Promise((r) => setTimeout(r, pauseMs));
			const next = chunks.shift();
			if (next === undefined) controller.close();
			else controller.enqueue(new TextEncoder().encode(next));
		}
	});

const request = (body: ReadableStream<Uint8Array>) =>
	new Request('http://localhost/x?/y', {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		duplex: 'half'
	} as RequestInit);

const statusOf = async (p: Promise<unknown>) => {
	try {
		await p;
		return 200;
	} catch (e) {
		return (e as { status?: number }).status ?? 500;
	}
};

describe('a form body is bounded in size and in time', () => {
	it('refuses a body past its limit while it arrives (413)', async () => {
		const big = Array.from({ length: 40 }, () => 'a='.padEnd(10_000, 'x') + '&');
		expect(
			await statusOf(readForm(request(trickle(big, 0)), new Set(), { maxBytes: 100_000 }))
		).toBe(413);
	});

	it('gives up on a trickling body (408) instead of holding its slot', async () => {
		const slow = Array.from({ length: 100 }, () => 'a');
		expect(await statusOf(readForm(request(trickle(slow, 20)), new Set(), { maxMs: 100 }))).toBe(
			408
		);
	});

	it('reads a normal body', async () => {
		const body = await readForm(request(trickle(['a=1&b=2'], 0)), new Set());
		expect(body).toEqual({ a: '1', b: '2' });
	});
});
