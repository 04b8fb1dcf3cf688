/**
 * A click on the map fills the coordinates of the open "Corriger la position" form (or the first one);
 * dragging a place's marker fills that place's form.
 */
export function fillPlaceForm(lon: number, lat: number, placeId?: number): void {
	const forms = [...document.querySelectorAll<HTMLFormElement>('form.place-form')];
	const target =
		(placeId !== undefined ? forms.find((f) => f.dataset.place === String(placeId)) : undefined) ??
		forms.find((f) => f.closest('details')?.open) ??
		forms[0];
	if (!target) return;
	target.closest('details')?.setAttribute('open', '');
	(target.elements.namedItem('lon') as HTMLInputElement).value = String(lon);
	(target.elements.namedItem('lat') as HTMLInputElement).value = String(lat);
}
