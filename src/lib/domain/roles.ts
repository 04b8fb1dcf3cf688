import { codeTable } from './codes';

export const ROLES = ['admin', 'chef_de_projet', 'elu', 'partenaire', 'charge_relogement'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<string, string>> = codeTable({
	admin: 'Administrateur',
	chef_de_projet: 'Chef de projet',
	elu: 'Élu',
	partenaire: 'Partenaire financeur',
	charge_relogement: 'Chargé de relogement'
});

/**
 * How someone outside the staff sees who made a change: a partner by its organisation, staff by
 * their role, never by name.
 */
export function publicActor(role: string | null, organisation: string | null): string {
	if (role === 'partenaire' && organisation) return organisation;
	if (role && Object.hasOwn(ROLE_LABELS, role)) return ROLE_LABELS[role];
	// The initial import and scripts: no person behind them.
	return 'Import des données';
}
