import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// Scripts and the benchmark are type-checked with the app (npm run check).
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push('../scripts/**/*.ts', '../bench/**/*.ts', '../*.config.ts');
			}
		},
		// The cross-site form check is ours (src/lib/server/http/csrf.ts, first in hooks): the same
		// rule as SvelteKit's, with one exception, the one-click unsubscribe of RFC 8058, which mail
		// clients post without an Origin and which acts only on a signed token.
		csrf: { trustedOrigins: ['*'] },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// maplibre-gl and chart.js set inline styles; Svelte's style: directives render style attributes.
				'style-src': ['self', 'unsafe-inline'],
				// The map's worker is our own file; blob: covers maplibre's fallbacks.
				'worker-src': ['self', 'blob:'],
				'child-src': ['self', 'blob:'],
				// Our own origin only; the basemap's hosts (PUBLIC_BASEMAP_STYLE_URL, BASEMAP_HOSTS) are
				// added at run time by src/lib/server/http/headers.ts.
				'img-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self'],
				'font-src': ['self', 'data:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
