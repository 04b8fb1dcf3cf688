import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		include: ['tests/**/*.test.ts'],
		environment: 'node',
		// Route tests call the real form actions on the app's own database, in memory.
		env: { DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' },
		expect: { requireAssertions: true }
	}
});
