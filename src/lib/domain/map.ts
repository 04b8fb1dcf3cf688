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
	/** drawn a few metres aside: this many other markers share the exact point */
	samePlaceAs?: number;
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

/** How far apart markers at the very same point are drawn, in metres. */
export const SPREAD_RADIUS_M = 15;

/**
 * Markers at the very same point (an action and an operation sharing a place) are drawn on a small
 * circle around it so each can be seen and clicked; their popup says so. Display only: the data and
 * the open-data API keep the recorded position.
 */
export function spreadOverlapping(collection: MapFeatureCollection): MapFeatureCollection {
	const groups = new Map<string, MapFeature[]>();
	for (const f of collection.features) {
		if (f.geometry.type !== 'Point') continue;
		const [lon, lat] = f.geometry.coordinates as [number, number];
		const key = `${lon.toFixed(6)},${lat.toFixed(6)}`;
		groups.set(key, [...(groups.get(key) ?? []), f]);
	}
	const moved = new Map<MapFeature, MapFeature>();
	for (const group of groups.values()) {
		if (group.length < 2) continue;
		group.forEach((f, i) => {
			const [lon, lat] = f.geometry.coordinates as [number, number];
			const angle = (2 * Math.PI * i) / group.length;
			const dLat = (SPREAD_RADIUS_M * Math.sin(angle)) / 111_320;
			const dLon =
				(SPREAD_RADIUS_M * Math.cos(angle)) / (111_320 * Math.cos((lat * Math.PI) / 180));
			moved.set(f, {
				...f,
				geometry: { type: 'Point', coordinates: [lon + dLon, lat + dLat] },
				properties: { ...f.properties, samePlaceAs: group.length - 1 }
			});
		});
	}
	if (!moved.size) return collection;
	return { ...collection, features: collection.features.map((f) => moved.get(f) ?? f) };
}
