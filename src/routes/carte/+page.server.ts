import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { mapFeatures } from '$lib/server/places/features';
import { MAP_PAGE_CAP } from '$lib/domain/map';
import { getProgrammeBySlug, listAxes, programmeChoices } from '$lib/server/programmes/queries';
import { mapFilterSchema, queryObject, describeQueryError } from '$lib/schemas/filters';

export const load = (({ url }) => {
	const conn = db();
	const raw = queryObject(url.searchParams);
	delete raw.lieu;
	const parsed = mapFilterSchema.safeParse(raw);
	// A bad shared link still shows the map: the wrong filter is dropped and said.
	const filter = parsed.success ? parsed.data : {};
	const programme = filter.programme ? getProgrammeBySlug(conn, filter.programme) : undefined;
	const choices = programmeChoices(conn);
	return {
		filter,
		filterError: parsed.success ? null : describeQueryError(parsed.error),
		// The page carries a first view; past it, the map asks the API for what its box shows.
		features: mapFeatures(conn, filter, MAP_PAGE_CAP),
		// Past 100 programmes, the filter is a text field and the legend names those on the map.
		programmes: choices.options,
		manyProgrammes: choices.many,
		axes: programme ? listAxes(conn, programme.id) : [],
		axisLabel: programme?.axisLabel ?? 'Axe',
		focus: url.searchParams.get('lieu')
	};
}) satisfies PageServerLoad;
