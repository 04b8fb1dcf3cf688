import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// argon2id with the OWASP minimum (19 MiB, 2 passes): @node-rs/argon2's defaults.
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed stored hash is a failed login, not a crash.
		return false;
	}
}

let dummy: Promise<string> | undefined;

/**
 * Checks a password against an account that may not exist: for an unknown e-mail the same argon2
 * work is done against a dummy hash, so the answer takes as long as for a real account and does not
 * reveal which addresses have one.
 */
export async function verifyAccountPassword(
	account: { passwordHash: string; active: boolean } | undefined,
	password: string
): Promise<boolean> {
	if (!account) {
		dummy ??= hash(randomBytes(16).toString('hex'));
		await verifyPassword(await dummy, password);
		return false;
	}
	const ok = await verifyPassword(account.passwordHash, password);
	return ok && account.active;
}

/** A one-time password people can type: 16 characters from an unambiguous alphabet. */
export function generatePassword(): string {
	const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
	return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}
