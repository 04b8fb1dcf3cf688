import { frenchSpaces, RAW_TEXT_ELEMENTS } from '$lib/domain/typography';

const raw = new Set(RAW_TEXT_ELEMENTS);

function fix(node: Text) {
	const parent = node.parentElement;
	if (
		!parent ||
		raw.has(parent.tagName) ||
		parent.closest('pre, code, textarea, [contenteditable]')
	)
		return;
	const before = node.nodeValue ?? '';
	const after = frenchSpaces(before);
	if (after !== before) node.nodeValue = after;
}

function fixAll(root: Node) {
	if (root.nodeType === Node.TEXT_NODE) return fix(root as Text);
	const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) fix(n as Text);
}

/**
 * The server applies French typography to the HTML it sends; what the browser renders afterwards
 * (hydration rewrites dynamic texts, navigation renders new pages) gets the same rule here. The rule
 * is idempotent, so the observer's own changes settle at once.
 */
export function frenchTypography(root: HTMLElement) {
	fixAll(root);
	const observer = new MutationObserver((records) => {
		for (const r of records) {
			if (r.type === 'characterData') fix(r.target as Text);
			else r.addedNodes.forEach(fixAll);
		}
	});
	observer.observe(root, { subtree: true, childList: true, characterData: true });
	return () => observer.disconnect();
}
