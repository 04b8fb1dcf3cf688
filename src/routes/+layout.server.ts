import type { LayoutServerLoad } from './$types';
import { env } from '$env/dynamic/public';

/** Only whitelisted user fields reach the browser. */
export const load = (({ locals }) => ({
	basemapUrl: env.PUBLIC_BASEMAP_STYLE_URL ?? '',
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
