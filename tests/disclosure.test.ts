import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
	maskPartition,
	maskCount,
	maskDerived,
	isMasked,
	showCount,
	maskHierarchy,
	SMALL_COUNT
} from '../src/lib/domain/disclosure';
import { publishRelocationStats, type RelocationStats } from '../src/lib/domain/relocation';

const M = { masked: true };

describe('small counts and complementary suppression', () => {
	it('masks the issue’s example: 6 households, 5 moved and 1 waiting, cannot be differenced', () => {
		const r = maskPartition(6, { a_reloger: 0, suivi: 1, reloge: 5, retourne: 0 });
		expect(r.total).toBe(6);
		expect(r.parts).toEqual({ a_reloger: 0, suivi: M, reloge: M, retourne: 0 });
	});

	it('masks everything under 5 households', () => {
		const r = maskPartition(3, { a: 3, b: 0 });
		expect(r).toEqual({ total: M, parts: { a: M, b: M } });
	});

	it('shows counts of 0 and from 5, masks 1 to 4', () => {
		expect(maskCount(0)).toBe(0);
		expect(maskCount(4)).toEqual(M);
		expect(maskCount(5)).toBe(5);
		expect(showCount(maskCount(2))).toBe('moins de 5');
		expect(showCount(1234)).toBe('1\u00a0234');
	});

	it('withholds a value derived from fewer than 5 items', () => {
		expect(maskDerived(151, 1)).toEqual(M);
		expect(maskDerived(151, 5)).toBe(151);
		expect(maskDerived(null, 0)).toBeNull();
	});

	it('no masked part can be recovered from the total and the shown parts (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 6 }), (counts) => {
				const parts = Object.fromEntries(counts.map((n, i) => [`p${i}`, n]));
				const total = counts.reduce((s, n) => s + n, 0);
				const r = maskPartition(total, parts);
				const shown = Object.values(r.parts).filter((v) => !isMasked(v)) as number[];
				for (const v of shown) expect(v === 0 || v >= SMALL_COUNT).toBe(true);
				if (isMasked(r.total)) return;
				const hidden = total - shown.reduce((s, n) => s + n, 0);
				// What the masked cells add up to is either nothing or not small.
				expect(hidden === 0 || hidden >= SMALL_COUNT).toBe(true);
			}),
			{ numRuns: 500, seed: 20261125 }
		);
	});
});

describe('relocation figures as published', () => {
	const stats: RelocationStats = {
		total: 6,
		byStatus: { a_reloger: 0, suivi: 1, reloge: 5, retourne: 0 },
		moved: 5,
		meanDaysToMove: 120,
		longestDaysToMove: 243,
		waitingOverThreshold: 1,
		meanProposals: 1.5
	};
	it('keeps exact figures for the relocation team only', () => {
		expect(publishRelocationStats(stats, { mask: false })).toMatchObject({
			total: 6,
			waitingOverThreshold: 1,
			masked: false
		});
	});
	it('masks the waiting household and keeps durations over 5 moves', () => {
		const p = publishRelocationStats(stats, { mask: true });
		expect(p.waitingOverThreshold).toEqual(M);
		expect(p.meanDaysToMove).toBe(120);
		const few = publishRelocationStats({ ...stats, moved: 2 }, { mask: true });
		expect(few.meanDaysToMove).toEqual(M);
		expect(few.longestDaysToMove).toEqual(M);
	});
});

describe('suppression across pages (a hierarchy of published figures)', () => {
	it('the review’s case: 6 households on tranche 1, 2 on tranches 2-3, nothing differenced', () => {
		const masked = maskHierarchy([
			{ id: 'all', parent: null, own: 0 },
			{ id: 'residence', parent: 'all', own: 0 },
			{ id: 'tranche-1', parent: 'residence', own: 6 },
			{ id: 'tranches-2-3', parent: 'residence', own: 2 },
			{ id: 'cdv-op', parent: 'all', own: 0 }
		]);
		expect([...masked].sort()).toEqual(['tranche-1', 'tranches-2-3']);
	});

	it('no published figure minus its published children leaves 1 to 4 (property)', () => {
		const tree = fc.array(fc.record({ parent: fc.nat({ max: 6 }), own: fc.nat({ max: 9 }) }), {
			minLength: 1,
			maxLength: 8
		});
		fc.assert(
			fc.property(tree, (raw) => {
				// node i's parent is an earlier node (or the root), so it is a tree
				const nodes = [
					{ id: 'n0', parent: null, own: 0 },
					...raw.map((r, i) => ({ id: `n${i + 1}`, parent: `n${r.parent % (i + 1)}`, own: r.own }))
				];
				const masked = maskHierarchy(nodes);
				const total = (id: string): number =>
					nodes.find((n) => n.id === id)!.own +
					nodes.filter((n) => n.parent === id).reduce((s, c) => s + total(c.id), 0);
				for (const n of nodes) {
					if (n.parent && masked.has(n.parent)) expect(masked.has(n.id)).toBe(true);
					if (masked.has(n.id)) continue;
					const t = total(n.id);
					expect(t === 0 || t >= SMALL_COUNT).toBe(true);
					const hidden =
						n.own +
						nodes
							.filter((c) => c.parent === n.id && masked.has(c.id))
							.reduce((s, c) => s + total(c.id), 0);
					expect(hidden === 0 || hidden >= SMALL_COUNT).toBe(true);
				}
			}),
			{ numRuns: 400, seed: 20261125 }
		);
	});
});
