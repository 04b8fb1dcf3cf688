/**
 * Replaces a place's geometry from a GeoJSON file (first feature, or a bare geometry).
 * npm run place:replace -- --slug qpv-terre-rouge --file qpv2024.geojson --name "… périmètre 2024" [--note "…"] [--inferred]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/db';
import { replacePlaceGeometry } from '../src/lib/server/places/commands';
import { config } from '../src/lib/server/config';
import type { Geometry } from '../src/lib/server/db/schema/places';

const { values } = parseArgs({
	options: {
		slug: { type: 'string' },
		file: { type: 'string' },
		name: { type: 'string' },
		note: { type: 'string' },
		attribution: { type: 'string' },
		inferred: { type: 'boolean', default: false },
		actor: { type: 'string', default: process.env.USER ?? 'ligne de commande' }
	}
});
if (!values.slug || !values.file) {
	console.error(
		'Usage : npm run place:replace -- --slug <lieu> --file <fichier.geojson> [--name …] [--note …] [--inferred]'
	);
	process.exit(2);
}
interface GeoJsonInput {
	type?: string;
	features?: { geometry?: Geometry }[];
	geometry?: Geometry;
}
const json = JSON.parse(fs.readFileSync(values.file, 'utf8')) as GeoJsonInput;
const geometry =
	json.type === 'FeatureCollection'
		? json.features?.[0]?.geometry
		: json.type === 'Feature'
			? json.geometry
			: (json as Geometry);
const db = openDatabase(config.databasePath, {
	migrationsDir: config.migrationsDir,
	dataDir: config.dataDir
});
try {
	const place = replacePlaceGeometry(
		db,
		{
			slug: values.slug,
			geometry,
			name: values.name,
			note: values.note,
			attribution: values.attribution,
			inferred: values.inferred
		},
		{ name: `${values.actor} (ligne de commande)` }
	);
	console.log(`Lieu « ${place.name} » mis à jour (version ${place.version}).`);
} catch (e) {
	console.error(`Échec : ${(e as Error).message}`);
	process.exitCode = 1;
} finally {
	db.$client.close();
}
