/**
 * Where to send a user back after signing in: a path on our own origin, or "/". Decided by parsing
 * the value with `URL` against our origin (as a browser would read the Location header), never by
 * looking at its first characters: backslashes, tabs, new lines, encodings and `javascript:` all
 * resolve to another origin or are refused.
 */
export function safeRedirectTarget(value: string | null | undefined, origin: string): string {
	if (!value || value.length > 2000) return '/';
	// Control characters are stripped by URL parsers and can hide a second "/": refuse them outright.
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\\]/.test(value) || !value.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(value, origin);
	} catch {
		return '/';
	}
	if (url.origin !== new URL(origin).origin) return '/';
	const target = `${url.pathname}${url.search}${url.hash}`;
	// "/.//evil.example" normalises to the path "//evil.example": a protocol-relative Location.
	if (!target.startsWith('/') || target.startsWith('//')) return '/';
	return target;
}
