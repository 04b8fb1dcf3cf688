import { describe, it, expect } from 'vitest';
import { seededDb } from './helpers';
import { memo, cachedResponse, dataVersion } from '../src/lib/server/cache';
import { recordAudit } from '../src/lib/server/audit/writer';

describe('caches keyed by the data version', () => {
	it('memo recomputes after any audited write', () => {
		const db = seededDb();
		let runs = 0;
		const compute = () => ++runs;
		expect(memo(db, 'k', compute)).toBe(1);
		expect(memo(db, 'k', compute)).toBe(1);
		recordAudit(db, {
			actor: 't',
			entityType: 'action',
			entityId: 1,
			operation: 'update',
			before: {},
			after: {}
		});
		expect(memo(db, 'k', compute)).toBe(2);
	});

	it('anonymous responses are served again until the data changes; errors are never kept', async () => {
		const db = seededDb();
		let n = 0;
		const produce = async () =>
			new Response(`page ${++n}`, { status: 200, headers: { 'content-type': 'text/html' } });
		const v = dataVersion(db);
		expect(await (await cachedResponse(db, '/x', produce)).text()).toBe('page 1');
		const again = await cachedResponse(db, '/x', produce);
		expect(await again.text()).toBe('page 1');
		expect(again.headers.get('x-cache')).toBe('hit');
		recordAudit(db, {
			actor: 't',
			entityType: 'action',
			entityId: 1,
			operation: 'update',
			before: {},
			after: {}
		});
		expect(dataVersion(db)).toBe(v + 1);
		expect(await (await cachedResponse(db, '/x', produce)).text()).toBe('page 2');
		const failing = async () => new Response('boom', { status: 500 });
		await cachedResponse(db, '/err', failing);
		expect(
			(await cachedResponse(db, '/err', async () => new Response('ok'))).headers.get('x-cache')
		).toBe('miss');
		const noStore = async () => new Response('pdf', { headers: { 'cache-control': 'no-store' } });
		await cachedResponse(db, '/pdf', noStore);
		expect(
			(await cachedResponse(db, '/pdf', async () => new Response('new'))).headers.get('x-cache')
		).toBe('miss');
	});
});
