/** French labels for stored codes; one place so every page says the same thing. */
export const ACTION_STATUS: Record<string, string> = {
	non_renseigne: 'Non renseigné',
	programmee: 'Programmée',
	engagee: 'Engagée',
	premieres_realisations: 'Premières réalisations',
	en_cours: 'En cours',
	terminee: 'Terminée',
	abandonnee: 'Abandonnée'
};

export const STATUS_ORDER = Object.keys(ACTION_STATUS);

export const MILESTONE_STATUS: Record<string, string> = {
	planned: 'Prévu',
	in_progress: 'En cours',
	done: 'Réalisé',
	cancelled: 'Annulé'
};

export const FUNDING_KIND: Record<string, string> = {
	subsidy: 'Subvention',
	loan: 'Prêt',
	own_funds: 'Fonds propres',
	other: 'Autre',
	equity: 'Fonds propres (investissement)',
	mixed: 'Prêts et subventions'
};

export const FUNDING_STATUS: Record<string, string> = {
	planned: 'Prévu',
	requested: 'Demandé',
	committed: 'Engagé',
	paid: 'Versé'
};

export const ORGANISATION_TYPE: Record<string, string> = {
	state: 'État',
	region: 'Région',
	departement: 'Département',
	bank: 'Banque',
	agency: 'Agence / opérateur public',
	social_landlord: 'Bailleur social',
	commune: 'Commune',
	epci: 'Intercommunalité',
	association: 'Association',
	chamber: 'Chambre consulaire',
	public_body: 'Établissement public',
	company: 'Entreprise'
};

export const ORGANISATION_ROLE: Record<string, string> = {
	signatory: 'Signataire',
	funder: 'Financeur',
	lead: 'Pilote',
	partner: 'Partenaire',
	operator: 'Opérateur',
	contractor: 'Prestataire'
};

export const PROGRAMME_KIND: Record<string, string> = {
	contrat_de_ville: 'Contrat de ville',
	action_coeur_de_ville: 'Action Cœur de Ville',
	operation: 'Opération',
	opah_ru: 'OPAH-RU'
};

export const PLACE_KIND: Record<string, string> = {
	boundary: 'Limite administrative',
	qpv: 'Quartier prioritaire',
	poverty_pocket: 'Poche de pauvreté',
	site: 'Site',
	equipment: 'Équipement',
	building: 'Bâtiment'
};

export const WORK_CATEGORY: Record<string, string> = {
	preparation: 'Installation de chantier',
	demolition: 'Démolition',
	reseaux: 'Réseaux',
	balcons: 'Balcons',
	toiture: 'Toiture',
	isolation: 'Isolation',
	halls: 'Halls et accès',
	chauffage: 'Chauffage',
	exterieurs: 'Espaces extérieurs'
};

export const label = (map: Record<string, string>, code: string | null | undefined) =>
	code ? (map[code] ?? code) : 'Non renseigné';
