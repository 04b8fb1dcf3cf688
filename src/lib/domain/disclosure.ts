import { formatNumber } from './numbers';
/**
 * Statistical disclosure control for figures about households and landlords (relocation, OPAH-RU):
 * a count under 5 could point at one of them, so it never leaves the server, nor does anything
 * derived from it (means, durations, shares), nor a cell that could be recovered by subtraction
 * from a total (complementary suppression). One function for every page, export and API.
 */

/** Counts under this are never published. */
export const SMALL_COUNT = 5;

/** A figure withheld under the statistical secrecy rule. */
export interface Masked {
	masked: true;
}
export const MASKED: Masked = Object.freeze({ masked: true });
export type Shown<T> = T | Masked;

export const isMasked = (v: unknown): v is Masked =>
	typeof v === 'object' && v !== null && (v as Masked).masked === true;

/** How a masked count reads. */
export const MASKED_LABEL = `moins de ${SMALL_COUNT}`;

const small = (n: number) => n > 0 && n < SMALL_COUNT;

/**
 * A total and the parts that add up to it. A part from 1 to 4 is masked; if the masked parts then
 * add up to less than 5 (so that the total minus the shown parts would give them away), the smallest
 * shown non-zero parts are masked too until they do. A total under 5 masks everything.
 */
export function maskPartition<K extends string>(
	total: number,
	parts: Record<K, number>
): { total: Shown<number>; parts: Record<K, Shown<number>> } {
	const keys = Object.keys(parts) as K[];
	if (small(total))
		return {
			total: MASKED,
			parts: Object.fromEntries(keys.map((k) => [k, MASKED])) as Record<K, Shown<number>>
		};
	const masked = new Set(keys.filter((k) => small(parts[k])));
	const hiddenSum = () => [...masked].reduce((s, k) => s + parts[k], 0);
	while (masked.size > 0 && hiddenSum() < SMALL_COUNT) {
		const next = keys
			.filter((k) => !masked.has(k) && parts[k] > 0)
			.sort((a, b) => parts[a] - parts[b])[0];
		if (next === undefined) break;
		masked.add(next);
	}
	// Still recoverable (e.g. one household among zeros): nothing of the split is published.
	if (masked.size > 0 && hiddenSum() < SMALL_COUNT) keys.forEach((k) => masked.add(k));
	return {
		total,
		parts: Object.fromEntries(keys.map((k) => [k, masked.has(k) ? MASKED : parts[k]])) as Record<
			K,
			Shown<number>
		>
	};
}

/** A count on its own: masked from 1 to 4. */
export const maskCount = (n: number): Shown<number> => (small(n) ? MASKED : n);

/** A value derived from `basis` items (a mean, a duration): published only from 5 items. */
export const maskDerived = <T>(value: T, basis: number): Shown<T> =>
	basis < SMALL_COUNT && basis > 0 ? MASKED : value;

/** A count as text: "moins de 5" when masked. */
export const showCount = (v: Shown<number>): string =>
	isMasked(v) ? MASKED_LABEL : formatNumber(v);

/** A node of a hierarchy of published figures (the territory, an operation, its tranches). */
export interface DisclosureNode {
	id: string;
	parent: string | null;
	/** items attached to this node itself, not to a child (never published on their own) */
	own: number;
}

/**
 * Complementary suppression across a hierarchy, for one count: a parent's figure minus its published
 * children's must never give a small number away. Returns the ids whose figure is masked:
 * - a node whose total is from 1 to 4;
 * - every descendant of a masked node;
 * - when what a node's figure hides (its own items and its masked children) adds up to 1-4, its
 *   smallest published child, or the node itself when no child is left to mask.
 * Repeated until nothing changes (masks only grow, so it ends).
 */
export function maskHierarchy(nodes: DisclosureNode[]): Set<string> {
	const children = new Map<string | null, DisclosureNode[]>();
	for (const n of nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
	const total = new Map<string, number>();
	const sum = (n: DisclosureNode): number => {
		const t = n.own + (children.get(n.id) ?? []).reduce((s, c) => s + sum(c), 0);
		total.set(n.id, t);
		return t;
	};
	for (const root of children.get(null) ?? []) sum(root);
	const masked = new Set<string>();
	const maskWithDescendants = (n: DisclosureNode) => {
		if (masked.has(n.id)) return false;
		masked.add(n.id);
		for (const c of children.get(n.id) ?? []) maskWithDescendants(c);
		return true;
	};
	for (const n of nodes) if (small(total.get(n.id)!)) maskWithDescendants(n);
	for (let changed = true; changed;) {
		changed = false;
		for (const n of nodes) {
			if (masked.has(n.id)) continue;
			const kids = children.get(n.id) ?? [];
			const hidden =
				n.own + kids.filter((c) => masked.has(c.id)).reduce((s, c) => s + total.get(c.id)!, 0);
			if (!small(hidden)) continue;
			const next = kids
				.filter((c) => !masked.has(c.id) && total.get(c.id)! > 0)
				.sort((a, b) => total.get(a.id)! - total.get(b.id)!)[0];
			changed = maskWithDescendants(next ?? n) || changed;
		}
	}
	return masked;
}
