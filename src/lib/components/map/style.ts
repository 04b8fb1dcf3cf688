import type {
	StyleSpecification,
	AddLayerObject,
	FilterSpecification,
	Map as MapLibreMap
} from 'maplibre-gl';
import type { LayerId, MapFeatureCollection } from '$lib/domain/map';

export const SOURCE_ID = 'places';

/** Our offline style: a plain background; everything else is our own GeoJSON. Needs no network. */
export function offlineStyle(): StyleSpecification {
	return {
		version: 8,
		sources: {},
		layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f1f3ef' } }]
	};
}

const on = (layer: LayerId): FilterSpecification => ['==', ['get', 'layer'], layer];

/** Map layer ids for each toggleable layer of the legend. */
export const LAYER_GROUPS: Record<LayerId, string[]> = {
	epci: ['epci-fill', 'epci-line'],
	commune: ['commune-fill', 'commune-line'],
	qpv: ['qpv-fill', 'qpv-line'],
	poverty: ['poverty'],
	buildings: ['buildings'],
	items: ['items']
};

export const CLICKABLE_LAYERS = ['items', 'buildings', 'poverty', 'qpv-fill'];

const LAYERS: AddLayerObject[] = [
	{
		id: 'epci-fill',
		type: 'fill',
		source: SOURCE_ID,
		filter: on('epci'),
		paint: { 'fill-color': '#e3e8df', 'fill-opacity': 0.6 }
	},
	{
		id: 'epci-line',
		type: 'line',
		source: SOURCE_ID,
		filter: on('epci'),
		paint: { 'line-color': '#6b7683', 'line-width': 1.5, 'line-dasharray': [3, 2] }
	},
	{
		id: 'commune-fill',
		type: 'fill',
		source: SOURCE_ID,
		filter: on('commune'),
		paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.7 }
	},
	{
		id: 'commune-line',
		type: 'line',
		source: SOURCE_ID,
		filter: on('commune'),
		paint: { 'line-color': '#4a5360', 'line-width': 2 }
	},
	{
		id: 'qpv-fill',
		type: 'fill',
		source: SOURCE_ID,
		filter: on('qpv'),
		paint: { 'fill-color': '#e8a33d', 'fill-opacity': 0.35 }
	},
	{
		id: 'qpv-line',
		type: 'line',
		source: SOURCE_ID,
		filter: on('qpv'),
		paint: { 'line-color': '#8a4b00', 'line-width': 2.5 }
	},
	{
		id: 'poverty',
		type: 'circle',
		source: SOURCE_ID,
		filter: on('poverty'),
		paint: {
			'circle-radius': 18,
			'circle-color': '#e8a33d',
			'circle-opacity': 0.3,
			'circle-stroke-color': '#8a4b00',
			'circle-stroke-width': 2
		}
	},
	{
		id: 'buildings',
		type: 'circle',
		source: SOURCE_ID,
		filter: on('buildings'),
		paint: {
			'circle-radius': 7,
			'circle-color': '#4a5360',
			'circle-stroke-color': '#ffffff',
			'circle-stroke-width': 2
		}
	},
	{
		id: 'items',
		type: 'circle',
		source: SOURCE_ID,
		filter: on('items'),
		paint: {
			'circle-radius': 9,
			// hollow: nothing known yet; filled: engaged; ringed: finished
			'circle-color': ['case', ['==', ['get', 'shape'], 'hollow'], '#ffffff', ['get', 'colour']],
			'circle-stroke-color': [
				'case',
				['==', ['get', 'shape'], 'ringed'],
				'#1b1f24',
				['get', 'colour']
			],
			'circle-stroke-width': ['case', ['==', ['get', 'shape'], 'filled'], 2, 4]
		}
	}
];

/** Adds our source and layers (again after a style change, which drops them). */
export function addOurLayers(
	map: MapLibreMap,
	data: MapFeatureCollection,
	hidden: Set<LayerId>
): void {
	if (!map.getSource(SOURCE_ID)) map.addSource(SOURCE_ID, { type: 'geojson', data: data as never });
	for (const layer of LAYERS) {
		if (!map.getLayer(layer.id)) map.addLayer(layer);
	}
	for (const [group, ids] of Object.entries(LAYER_GROUPS)) {
		for (const id of ids)
			map.setLayoutProperty(id, 'visibility', hidden.has(group as LayerId) ? 'none' : 'visible');
	}
}

/** Bounds [[w, s], [e, n]] of the features whose layer is listed (all when none listed). */
export function boundsOf(
	data: MapFeatureCollection,
	layers?: LayerId[]
): [[number, number], [number, number]] | null {
	const coords: number[][] = [];
	const walk = (c: unknown): void => {
		if (Array.isArray(c) && typeof c[0] === 'number') coords.push(c as number[]);
		else if (Array.isArray(c)) c.forEach(walk);
	};
	for (const f of data.features)
		if (!layers || layers.includes(f.properties.layer)) walk(f.geometry.coordinates);
	if (coords.length === 0) return null;
	const lons = coords.map((c) => c[0]);
	const lats = coords.map((c) => c[1]);
	return [
		[Math.min(...lons), Math.min(...lats)],
		[Math.max(...lons), Math.max(...lats)]
	];
}
