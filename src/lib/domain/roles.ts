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
