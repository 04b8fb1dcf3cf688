/**
 * How the system's Chromium is started, for the PDF service and the browser tests alike: no sandbox
 * (containers), no GPU, nothing fetched in the background.
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
] as const;
