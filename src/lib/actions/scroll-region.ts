/**
 * A box that scrolls sideways (a wide table on a phone) must be reachable by keyboard and named
 * (WCAG 2.1.1, RGAA 7.3): while its content overflows it becomes a focusable region labelled by its
 * table's caption; when everything fits it is a plain box again, out of the Tab order.
 */
export function scrollRegion(node: HTMLElement, label?: string) {
	const update = () => {
		const overflowing = node.scrollWidth > node.clientWidth + 1;
		if (overflowing) {
			const caption = label ?? node.querySelector('caption')?.textContent?.trim();
			node.tabIndex = 0;
			node.setAttribute('role', 'region');
			node.setAttribute('aria-label', `${caption || 'Tableau'} (défile horizontalement)`);
		} else {
			node.removeAttribute('tabindex');
			node.removeAttribute('role');
			node.removeAttribute('aria-label');
		}
	};
	const observer = new ResizeObserver(update);
	observer.observe(node);
	const table = node.firstElementChild;
	if (table) observer.observe(table);
	update();
	return { destroy: () => observer.disconnect() };
}
