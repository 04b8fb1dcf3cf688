import type { LayoutServerLoad } from './$types';
import { env } from '$env/dynamic/public';
import { operatorSettings } from '$lib/server/site';
import { conformityState } from '$lib/domain/accessibility';
import { relocationEntry } from '$lib/server/relocation/cases';
import { db } from '$lib/server/db/client';

/** Only whitelisted user fields reach the browser. */
export const load = (({ locals }) => ({
	basemapUrl: env.PUBLIC_BASEMAP_STYLE_URL ?? '',
	accessibility: conformityState(operatorSettings().accessibilityRate),
	// The relocation team's own page, in its menu.
	relocationHref:
		locals.user && ['charge_relogement', 'admin'].includes(locals.user.role)
			? (() => {
					const slug = relocationEntry(db());
					return slug ? `/operations/${slug}/relogement` : null;
				})()
			: null,
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
