import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './src/lib/server/chromium';

const PORT = 4173;
export const BASEMAP_PORT = 4174;

export default defineConfig({
	testDir: 'tests/e2e',
	// Read-only specs check the seeded figures first; specs that write run after them on the same database.
	projects: [
		{ name: 'lecture', testMatch: '**/*.spec.ts', testIgnore: '**/auth.spec.ts' },
		{ name: 'ecriture', testMatch: '**/auth.spec.ts', dependencies: ['lecture'] }
	],
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	timeout: 30_000,
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [...CHROMIUM_ARGS]
		}
	},
	webServer: [
		{
			// A fresh database each run: the server migrates and seeds it on start.
			command: 'rm -f test-results/e2e.db* && mkdir -p test-results && node scripts/serve.mjs',
			url: `http://127.0.0.1:${PORT}/api/v1/programmes`,
			reuseExistingServer: false,
			timeout: 60_000,
			env: {
				PORT: String(PORT),
				HOST: '127.0.0.1',
				ORIGIN: `http://127.0.0.1:${PORT}`,
				DATABASE_PATH: 'test-results/e2e.db',
				DEMO: '1',
				// Mails are sent by the tests themselves (npm run notifications:send), never by a timer.
				NOTIFICATIONS_SCHEDULER: '0',
				MAIL_OUTBOX_DIR: 'test-results/outbox'
			}
		},
		{
			// Same app with a basemap that cannot load (the map must fall back) and public reading off.
			command:
				'rm -f test-results/e2e-basemap.db* && mkdir -p test-results && node scripts/serve.mjs',
			url: `http://127.0.0.1:${BASEMAP_PORT}/api/v1/programmes`,
			reuseExistingServer: false,
			timeout: 60_000,
			env: {
				PORT: String(BASEMAP_PORT),
				HOST: '127.0.0.1',
				ORIGIN: `http://127.0.0.1:${BASEMAP_PORT}`,
				DATABASE_PATH: 'test-results/e2e-basemap.db',
				PUBLIC_BASEMAP_STYLE_URL: 'http://127.0.0.1:9/style-introuvable.json',
				// The same second server checks that public reading can be turned off.
				PUBLIC_READING: '0',
				DEMO: '1',
				NOTIFICATIONS_SCHEDULER: '0',
				MAIL_OUTBOX_DIR: 'test-results/outbox-basemap'
			}
		}
	]
});
