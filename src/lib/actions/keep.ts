import { tick } from 'svelte';
import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form's identity across re-renders: its `data-key` when it declares one (forms that write one of
 * several rows of a record, e.g. a funder's line of a dossier), else its action and the record it
 * writes.
 */
function keyOf(form: HTMLFormElement): string {
	if (form.dataset.key) return `key:${form.dataset.key}`;
	const record = form.querySelector<HTMLInputElement>('input[name="id"]')?.value ?? '';
	return `${form.getAttribute('action') ?? ''}|${record}|${form.dataset.testid ?? ''}`;
}

const shown = (e: HTMLElement) => e.getClientRects().length > 0;

/**
 * Says a message in the page's live region (`#annonce`, in the layout, present from the start so
 * screen readers announce what is written into it). Emptied first, so the same message is said again.
 */
export function announce(text: string): void {
	const region = document.getElementById('annonce');
	if (!region) return;
	region.textContent = '';
	setTimeout(() => (region.textContent = text), 50);
}

/** Where the focus goes back after a save: the same button, found again, else the page's content. */
function focusTarget(
	key: string,
	label: string
): { target: HTMLElement | null; form: HTMLFormElement | null } {
	const forms = [...document.querySelectorAll<HTMLFormElement>('form')].filter(
		(f) => keyOf(f) === key
	);
	const buttons = forms
		.flatMap((f) => [...f.querySelectorAll<HTMLButtonElement>('button')])
		.filter(shown);
	const same = buttons.find((b) => b.textContent === label);
	if (same) return { target: same, form: same.form };
	const form = forms.find((f) => shown(f)) ?? null;
	const submit = form?.querySelector<HTMLButtonElement>(
		'button[type="submit"], button:not([type])'
	);
	if (submit) return { target: submit, form };
	return { target: document.getElementById('contenu'), form: null };
}

/**
 * The one way pages submit edit forms in place: nothing typed is reset (unless `resetOnSuccess`, for
 * a form that adds an item, once it is saved), and the keyboard focus stays on the form's button
 * (found again if the list was re-ordered or re-drawn), or on the page's main content when the form
 * is gone. Each form says "enregistré" in its own status region, present before the answer so screen
 * readers announce it; a form whose region may vanish with it (a milestone confirmed leaves the list)
 * or that has none gives its message in `data-announce` (on the form or its button), said in the
 * page's region unless a status region next to the form already says something.
 */
export function keep(options: { resetOnSuccess?: boolean } = {}): SubmitFunction {
	return ({ formElement, submitter }) => {
		const key = keyOf(formElement);
		const label = submitter?.textContent ?? '';
		const message = submitter?.dataset.announce ?? formElement.dataset.announce;
		return async ({ update, result }) => {
			// A form that adds something (a note) is emptied once it is saved; a refused one keeps it.
			await update({ reset: Boolean(options.resetOnSuccess) && result.type === 'success' });
			await tick();
			const active = document.activeElement as HTMLElement | null;
			const kept =
				active && active !== document.body && active.id !== 'contenu' && active.isConnected;
			const { target, form } = kept
				? { target: active, form: active.closest('form') }
				: focusTarget(key, label);
			target?.focus();
			// With a fragment in the address, SvelteKit moves the focus to it on a timer after a save:
			// put it back once more after that.
			if (location.hash && target)
				setTimeout(() => {
					if (target.isConnected && document.activeElement !== target) target.focus();
				}, 0);
			if (result.type === 'success' && message) {
				const near = form
					?.closest('section, details, article, li, .card')
					?.querySelector('[role="status"]')
					?.textContent?.trim();
				if (!near) announce(message);
			}
		};
	};
}
