/** Map conventions shared by the server (GeoJSON) and the browser (style, legend). */

/** Colours by programme position; each passes 3:1 against the map background and white. */
export const PROGRAMME_COLOURS = ['#1d4e89', '#a4262c', '#1e6b34', '#6b3fa0', '#8a4b00', '#00616e'];

export const programmeColour = (position: number) =>
	PROGRAMME_COLOURS[position % PROGRAMME_COLOURS.length];

/** How a status is drawn: hollow when nothing is known, filled once engaged, ringed when finished. */
export const STATUS_SHAPE: Record<string, 'hollow' | 'filled' | 'ringed'> = {
	non_renseigne: 'hollow',
	programmee: 'hollow',
	engagee: 'filled',
	premieres_realisations: 'filled',
	en_cours: 'filled',
	terminee: 'ringed',
	abandonnee: 'hollow'
};

export const REFERENCE_LAYERS = [
	{ id: 'epci', label: 'Périmètre du Grand Cahors' },
	{ id: 'commune', label: 'Commune de Cahors' },
	{ id: 'qpv', label: 'Quartier prioritaire Terre-Rouge (périmètre 2015)' },
	{ id: 'poverty', label: 'Poches de pauvreté' },
	{ id: 'buildings', label: 'Bâtiments de la résidence Terre-Rouge' }
] as const;

export type LayerId = (typeof REFERENCE_LAYERS)[number]['id'] | 'items';

export interface MapFeatureProps {
	layer: LayerId;
	name: string;
	placeSlug: string;
	kind: string;
	inferred: boolean;
	note: string | null;
	title: string;
	href: string | null;
	subjectType: string | null;
	programme: string | null;
	programmeName: string | null;
	colour: string;
	axis: string | null;
	status: string | null;
	statusLabel: string | null;
	shape: 'hollow' | 'filled' | 'ringed';
	progress: number | null;
	budgetCents: number | null;
	budgetLabel: string;
}

export interface MapFeature {
	type: 'Feature';
	id: number;
	geometry: { type: string; coordinates: unknown };
	properties: MapFeatureProps;
}

export interface MapFeatureCollection {
	type: 'FeatureCollection';
	features: MapFeature[];
	/** true when the cap was reached: some places were left out (zoom in or filter) */
	truncated?: boolean;
	/** the cap that applied, per kind of layer */
	limit?: number;
}

/** West, south, east, north in degrees (WGS84). */
export type Bbox = [number, number, number, number];

/**
 * The most located items and reference shapes one answer carries: a national-scale map never sends
 * the whole set (the page asks again for what its view shows).
 */
export const MAP_CAP = { items: 1500, references: 400 } as const;
/** What the map page itself carries (its HTML lists every item for keyboard users). */
export const MAP_PAGE_CAP = { items: 300, references: 150 } as const;
