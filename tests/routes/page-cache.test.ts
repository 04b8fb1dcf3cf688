import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '../../src/lib/server/db/client';
import * as t from '../../src/lib/server/db/schema';
import { updateVersioned } from '../../src/lib/server/editing/versioned';
import { recordAudit } from '../../src/lib/server/audit/writer';
import { load } from '../../src/routes/programmes/[slug]/+page.server';
import { load as loadReport } from '../../src/routes/rapport/+page.server';
import { load as loadHome } from '../../src/routes/+page.server';
import { setup, userOf, type Role } from './harness';

// The programme page's data is kept until the next audited write: a read between edits is served
// from memory, and any write (whichever table it touches) is seen by the next read.
type Page = {
	actions: { id: number; title: string }[];
	indicators: { id: number }[];
	history: unknown[] | null;
};
const read = (role: Role | null, search = '') =>
	load({
		params: { slug: 'contrat-de-ville' },
		url: new URL(`http://localhost/programmes/contrat-de-ville${search}`),
		locals: { user: userOf(role) }
	} as never) as unknown as Page;

beforeAll(setup);

/** Edits an action as a form would (versioned, audited); returns the row as it was before. */
function editAction(
	id: number,
	changes: (row: typeof t.actionItems.$inferSelect) => Partial<typeof t.actionItems.$inferInsert>,
	actor: string
) {
	const row = db().select().from(t.actionItems).where(eq(t.actionItems.id, id)).get()!;
	db().transaction((tx) =>
		updateVersioned(tx, t.actionItems, 'action', row.id, row.version, changes(row), {
			id: null,
			name: actor
		})
	);
	return row;
}

describe('the programme page between edits', () => {
	it('is the same data until a write, then the written data', () => {
		const first = read('chef');
		expect(read('chef')).toBe(first);
		const action = first.actions[0];
		const row = editAction(action.id, (r) => ({ title: `${r.title} (relu)` }), 'Test');
		const after = read('chef');
		expect(after).not.toBe(first);
		expect(after.actions.find((a) => a.id === action.id)!.title).toBe(`${row.title} (relu)`);
	});

	it('sees a write to a table no data version follows (an audited indicator change)', () => {
		const first = read('chef');
		recordAudit(db(), {
			actor: 'Test',
			entityType: 'indicator',
			entityId: first.indicators[0]?.id ?? 1,
			operation: 'update',
			before: {},
			after: {}
		});
		expect(read('chef')).not.toBe(first);
	});

	it('ships each history entry as the list shows it, not the audit row’s snapshots', () => {
		const first = read('chef');
		const action = first.actions[1];
		const row = editAction(
			action.id,
			(r) => ({ progress: r.progress === 40 ? 41 : 40 }),
			'Relecteur'
		);
		const history = read('chef').history as Record<string, unknown>[];
		expect(history.length).toBeGreaterThan(0);
		expect(history.length).toBeLessThanOrEqual(100);
		const latest = history[0];
		expect(latest).toMatchObject({ actor: 'Relecteur', entityType: 'action', operation: 'update' });
		expect(latest.fields).toEqual([
			{ field: 'progress', before: row.progress, after: row.progress === 40 ? 41 : 40 }
		]);
		// Only what the history list shows: no before/after snapshots of the whole record.
		expect(Object.keys(latest).sort()).toEqual([
			'actor',
			'at',
			'entityType',
			'fields',
			'id',
			'operation'
		]);
		for (const e of history) if (e.operation !== 'update') expect(e.fields).toEqual([]);
	});

	it('keeps the internal history apart from what the public reads, and each filter apart', () => {
		const staff = read('chef');
		const visitor = read(null);
		expect(staff.history).not.toBeNull();
		expect(visitor.history).toBeNull();
		const filtered = read('chef', '?status=terminee');
		expect(filtered).not.toBe(staff);
		expect(filtered.actions.length).toBeLessThanOrEqual(staff.actions.length);
	});
});

describe('the council report between edits', () => {
	type Report = { dashboard: unknown; changes: unknown[]; producedAt: string };
	const report = (role: Role) =>
		loadReport({
			url: new URL('http://localhost/rapport'),
			locals: { user: userOf(role) }
		} as never) as unknown as Report;

	it('is computed once per data version; the time of each edition is its own', async () => {
		const first = report('elu');
		const again = report('elu');
		expect(again.dashboard).toBe(first.dashboard);
		await new Promise((r) => setTimeout(r, 5));
		expect(Date.parse(report('elu').producedAt)).toBeGreaterThan(Date.parse(first.producedAt));
		recordAudit(db(), {
			actor: 'Test',
			entityType: 'action',
			entityId: 1,
			operation: 'update',
			before: {},
			after: {}
		});
		expect(report('elu').dashboard).not.toBe(first.dashboard);
	});

	it('keeps a filter error the reader’s own: never kept for the next reader, never lost on a hit', () => {
		type Page = { filterError: string | null };
		const reportOf = (search: string) =>
			loadReport({
				url: new URL(`http://localhost/rapport${search}`),
				locals: { user: userOf('elu') }
			} as never) as unknown as Page;
		const homeOf = (search: string) =>
			loadHome({
				url: new URL(`http://localhost/${search}`),
				locals: { user: userOf('elu') }
			} as never) as unknown as Page;
		for (const read of [reportOf, homeOf]) {
			const typed = read('?Appelez_le_0800=1');
			expect(typed.filterError).toContain('Appelez_le_0800');
			// the same kept data (the filter was dropped), but not the other reader's error
			expect(read('').filterError).toBeNull();
			expect(read('?autre=2').filterError).toContain('autre');
		}
	});
});
