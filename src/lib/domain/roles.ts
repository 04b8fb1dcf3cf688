export const ROLE_LABELS: Record<string, string> = {
	admin: 'Administrateur',
	chef_de_projet: 'Chef de projet',
	elu: 'Élu',
	partenaire: 'Partenaire financeur',
	charge_relogement: 'Chargé de relogement'
};
