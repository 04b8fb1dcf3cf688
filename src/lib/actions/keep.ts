import { tick } from 'svelte';
import type { SubmitFunction } from '@sveltejs/kit';

/** A form's identity across re-renders: its action and the record it writes. */
function keyOf(form: HTMLFormElement): string {
	const record = form.querySelector<HTMLInputElement>('input[name="id"]')?.value ?? '';
	return `${form.getAttribute('action') ?? ''}|${record}|${form.dataset.testid ?? ''}`;
}

/**
 * The one way pages submit edit forms in place: nothing typed is reset (unless `resetOnSuccess`, for a
 * form that adds an item, once it is saved), and the keyboard focus stays
 * on the form's button (found again if the list was re-ordered or re-drawn), or on the page's main
 * content when the form is gone. Each form says "enregistré" in its own status region, present
 * before the answer so screen readers announce it.
 */
export function keep(options: { resetOnSuccess?: boolean } = {}): SubmitFunction {
	return ({ formElement, submitter }) => {
		const key = keyOf(formElement);
		const label = submitter?.textContent ?? '';
		return async ({ update, result }) => {
			// A form that adds something (a note) is emptied once it is saved; a refused one keeps it.
			await update({ reset: Boolean(options.resetOnSuccess) && result.type === 'success' });
			await tick();
			const active = document.activeElement;
			if (active && active !== document.body && active.isConnected) return;
			const again = [...document.querySelectorAll<HTMLFormElement>('form')].find(
				(f) => keyOf(f) === key
			);
			const button =
				[...(again?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find(
					(b) => b.textContent === label
				) ?? again?.querySelector<HTMLButtonElement>('button[type="submit"], button:not([type])');
			if (button) return button.focus();
			document.getElementById('contenu')?.focus();
		};
	};
}
