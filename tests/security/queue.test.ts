import { describe, it, expect } from 'vitest';
import { taskQueue, Busy } from '../../src/lib/server/http/queue';

describe('taskQueue: heavy work bounded in number', () => {
	it('runs one at a time, keeps order, refuses past the waiting room', async () => {
		const q = taskQueue(1, 2, 'occupé');
		const order: number[] = [];
		let release!: () => void;
		const first = q.run(
			() =>
				new Promise<void>((r) => {
					order.push(1);
					release = r;
				})
		);
		const second = q.run(() => Promise.resolve(void order.push(2)));
		const third = q.run(() => Promise.resolve(void order.push(3)));
		await expect(q.run(() => Promise.resolve())).rejects.toBeInstanceOf(Busy);
		expect(q.size).toEqual({ running: 1, waiting: 2 });
		release();
		await Promise.all([first, second, third]);
		expect(order).toEqual([1, 2, 3]);
		expect(q.size).toEqual({ running: 0, waiting: 0 });
	});

	it('frees its slot when a task fails', async () => {
		const q = taskQueue(1, 0, 'occupé');
		await expect(q.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
		await expect(q.run(() => Promise.resolve(42))).resolves.toBe(42);
	});
});
