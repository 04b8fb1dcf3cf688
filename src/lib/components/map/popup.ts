import type { MapFeatureProps } from '$lib/domain/map';

/** The popup's content, built as DOM nodes so no user text is ever parsed as HTML. */
export function popupContent(p: MapFeatureProps): HTMLElement {
	const root = document.createElement('div');
	root.className = 'map-popup';
	const h = document.createElement('p');
	h.className = 'map-popup-title';
	h.textContent = p.title;
	root.append(h);
	const rows: [string, string][] = [];
	if (p.programmeName) rows.push(['Programme', p.programmeName]);
	if (p.statusLabel) rows.push(['État', p.statusLabel]);
	// Features read back from the map lose their null properties: absent is "non renseigné" too.
	if (p.subjectType)
		rows.push([
			'Avancement',
			typeof p.progress === 'number' ? `${p.progress}\u00a0%` : 'non renseigné'
		]);
	if (p.subjectType) rows.push(['Budget', p.budgetLabel || 'non renseigné']);
	if (p.title !== p.name) rows.push(['Lieu', p.name]);
	const dl = document.createElement('dl');
	for (const [k, v] of rows) {
		const dt = document.createElement('dt');
		dt.textContent = k;
		const dd = document.createElement('dd');
		dd.textContent = v;
		dl.append(dt, dd);
	}
	root.append(dl);
	if (p.inferred) {
		const note = document.createElement('p');
		note.className = 'map-popup-note';
		note.textContent = `Position approximative${p.note ? ` : ${p.note}` : ''}`;
		root.append(note);
	} else if (p.note) {
		const note = document.createElement('p');
		note.className = 'map-popup-note';
		note.textContent = p.note;
		root.append(note);
	}
	if (p.samePlaceAs) {
		const note = document.createElement('p');
		note.className = 'map-popup-note';
		note.textContent = `Repère écarté de quelques mètres : ${p.samePlaceAs > 1 ? `${p.samePlaceAs} autres éléments sont` : 'un autre élément est'} au même endroit.`;
		root.append(note);
	}
	if (p.href) {
		const a = document.createElement('a');
		a.href = p.href;
		a.textContent = `Ouvrir la fiche : ${p.title}`;
		root.append(a);
	}
	return root;
}
