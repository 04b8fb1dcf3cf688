/** An audit or form value as plain text: null when absent, JSON for objects (never "[object Object]"). */
export function plainText(v: unknown): string | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	return JSON.stringify(v);
}
