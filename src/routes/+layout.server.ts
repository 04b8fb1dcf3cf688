import type { LayoutServerLoad } from './$types';
import { env } from '$env/dynamic/public';

export const load = (() => ({ basemapUrl: env.PUBLIC_BASEMAP_STYLE_URL ?? '' })) satisfies LayoutServerLoad;
