import type { LayoutServerLoad } from './$types';
import { env } from '$env/dynamic/public';
import { operatorSettings } from '$lib/server/site';
import { conformityState } from '$lib/domain/accessibility';

/** Only whitelisted user fields reach the browser. */
export const load = (({ locals }) => ({
	basemapUrl: env.PUBLIC_BASEMAP_STYLE_URL ?? '',
	accessibility: conformityState(operatorSettings().accessibilityRate),
	user: locals.user
		? {
				name: locals.user.name,
				email: locals.user.email,
				role: locals.user.role,
				organisationId: locals.user.organisationId,
				programmeIds: locals.user.programmeIds
			}
		: null
})) satisfies LayoutServerLoad;
