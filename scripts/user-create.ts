/**
 * Creates an account and prints its one-time password (to change at first sign-in).
 * npm run user:create -- --email prenom.nom@grandcahors.fr --role admin [--name "Prénom Nom"]
 *   [--organisation lot-habitat] [--programmes contrat-de-ville,terre-rouge]
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/db';
import { createUser } from '../src/lib/server/users/commands';
import { config } from '../src/lib/server/config';
import { ROLES } from '../src/lib/server/db/schema';

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		role: { type: 'string' },
		name: { type: 'string' },
		organisation: { type: 'string' },
		programmes: { type: 'string' }
	}
});
if (!values.email || !values.role) {
	console.error(
		`Usage : npm run user:create -- --email <adresse> --role <${ROLES.join('|')}> [--name …] [--organisation <slug>] [--programmes a,b]`
	);
	process.exit(2);
}
const db = openDatabase(config.databasePath, {
	migrationsDir: config.migrationsDir,
	dataDir: config.dataDir
});
try {
	const { user, password } = await createUser(
		db,
		{
			email: values.email,
			role: values.role as (typeof ROLES)[number],
			name: values.name ?? values.email,
			organisation: values.organisation,
			programmes: values.programmes
				? values.programmes
						.split(',')
						.map((s) => s.trim())
						.filter(Boolean)
				: []
		},
		{ name: 'ligne de commande' }
	);
	console.log(`Compte créé : ${user.email} (${user.role}).`);
	console.log(`Mot de passe à usage unique : ${password}`);
	console.log('Il devra être changé à la première connexion.');
} catch (e) {
	console.error(`Échec : ${(e as Error).message}`);
	process.exitCode = 1;
} finally {
	db.$client.close();
}
