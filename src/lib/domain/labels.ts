import { codeTable } from './codes';
/** French labels for stored codes; one place so every page says the same thing. */
export const ACTION_STATUS: Readonly<Record<string, string>> = codeTable({
	non_renseigne: 'Non renseigné',
	programmee: 'Programmée',
	engagee: 'Engagée',
	premieres_realisations: 'Premières réalisations',
	en_cours: 'En cours',
	terminee: 'Terminée',
	abandonnee: 'Abandonnée'
});

export const STATUS_ORDER = Object.keys(ACTION_STATUS);

export const MILESTONE_STATUS: Readonly<Record<string, string>> = codeTable({
	planned: 'Prévu',
	in_progress: 'En cours',
	done: 'Réalisé',
	cancelled: 'Annulé'
});

export const FUNDING_KIND: Readonly<Record<string, string>> = codeTable({
	subsidy: 'Subvention',
	loan: 'Prêt',
	own_funds: 'Fonds propres',
	other: 'Autre',
	equity: 'Fonds propres (investissement)',
	mixed: 'Prêts et subventions'
});

export const FUNDING_STATUS: Readonly<Record<string, string>> = codeTable({
	planned: 'Prévu',
	requested: 'Demandé',
	committed: 'Engagé',
	paid: 'Versé'
});

export const ORGANISATION_TYPE: Readonly<Record<string, string>> = codeTable({
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
});

export const ORGANISATION_ROLE: Readonly<Record<string, string>> = codeTable({
	signatory: 'Signataire',
	funder: 'Financeur',
	lead: 'Pilote',
	partner: 'Partenaire',
	operator: 'Opérateur',
	contractor: 'Prestataire'
});

export const PROGRAMME_KIND: Readonly<Record<string, string>> = codeTable({
	contrat_de_ville: 'Contrat de ville',
	action_coeur_de_ville: 'Action Cœur de Ville',
	operation: 'Opération',
	opah_ru: 'OPAH-RU'
});

export const PLACE_KIND: Readonly<Record<string, string>> = codeTable({
	boundary: 'Limite administrative',
	qpv: 'Quartier prioritaire',
	poverty_pocket: 'Poche de pauvreté',
	site: 'Site',
	equipment: 'Équipement',
	building: 'Bâtiment'
});

export const WORK_CATEGORY: Readonly<Record<string, string>> = codeTable({
	preparation: 'Installation de chantier',
	demolition: 'Démolition',
	reseaux: 'Réseaux',
	balcons: 'Balcons',
	toiture: 'Toiture',
	isolation: 'Isolation',
	halls: 'Halls et accès',
	chauffage: 'Chauffage',
	exterieurs: 'Espaces extérieurs'
});

/** A code's French label; an unknown code is shown as it is, a missing one as "Non renseigné". */
export const label = (map: Readonly<Record<string, string>>, code: string | null | undefined) =>
	code ? (Object.hasOwn(map, code) ? map[code] : code) : 'Non renseigné';
