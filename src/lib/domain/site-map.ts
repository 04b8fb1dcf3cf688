/**
 * Every page of the site once: its route, an example address, who may open it, and the description
 * search engines and link previews show. The layout's meta description, the sitemap page, the
 * accessibility statement's sample and the browser tests that scan each page all read this list.
 */
export type Access = 'public' | 'signed-in' | readonly string[];

export interface SitePage {
	route: string;
	/** an address of this page in the seeded data */
	example: string;
	title: string;
	description: string;
	access: Access;
	/** left off the sitemap page (a page reached from a mail's link) */
	unlisted?: boolean;
	/** listed on the sitemap page under this heading */
	section: 'Suivre les programmes' | 'Aides et données' | 'Espace connecté' | 'À propos du site';
}

export const SITE_PAGES: readonly SitePage[] = [
	{
		route: '/',
		example: '/',
		title: 'Tableau de bord',
		description:
			'Avancement des programmes urbains du Grand Cahors : points d’attention, financements, calendrier, changements récents.',
		access: 'public',
		section: 'Suivre les programmes'
	},
	{
		route: '/programmes',
		example: '/programmes',
		title: 'Programmes',
		description:
			'Les programmes urbains du Grand Cahors et de la Ville de Cahors : Contrat de ville, Action Cœur de Ville, Terre-Rouge, OPAH-RU.',
		access: 'public',
		section: 'Suivre les programmes'
	},
	{
		route: '/programmes/[slug]',
		example: '/programmes/contrat-de-ville',
		title: 'Un programme',
		description: 'Un programme urbain : orientations, actions, financements, jalons et lieux.',
		access: 'public',
		section: 'Suivre les programmes'
	},
	{
		route: '/programmes/[slug]/actions/[code]',
		example: '/programmes/action-coeur-de-ville/actions/2019-1',
		title: 'Une action',
		description:
			'Une action d’un programme : objectifs, état confirmé, financements, jalons et lieux.',
		access: 'public',
		section: 'Suivre les programmes'
	},
	{
		route: '/operations/[slug]',
		example: '/operations/terre-rouge-residence',
		title: 'Une opération',
		description:
			'Une opération de travaux : plan de financement, tranches, bâtiments et calendrier.',
		access: 'public',
		section: 'Suivre les programmes'
	},
	{
		route: '/operations/[slug]/calendrier',
		example: '/operations/terre-rouge-residence/calendrier',
		title: 'Calendrier des travaux pour les habitants',
		description: 'Les étapes des travaux expliquées aux habitants, à imprimer sur une page A4.',
		access: 'public',
		section: 'Suivre les programmes'
	},
	{
		route: '/carte',
		example: '/carte',
		title: 'Carte',
		description: 'Carte des lieux des programmes urbains du Grand Cahors, avec leur liste.',
		access: 'public',
		section: 'Suivre les programmes'
	},
	{
		route: '/rapport',
		example: '/rapport',
		title: 'Rapport au conseil',
		description: 'Rapport d’avancement imprimable pour le conseil communautaire ou municipal.',
		access: 'public',
		section: 'Suivre les programmes'
	},
	{
		route: '/opah-ru/simulateur',
		example: '/opah-ru/simulateur',
		title: 'Aides OPAH-RU',
		description:
			'Estimer les aides de l’OPAH-RU du centre ancien de Cahors pour des travaux dans un logement loué.',
		access: 'public',
		section: 'Aides et données'
	},
	{
		route: '/organisations',
		example: '/organisations',
		title: 'Partenaires',
		description: 'Les signataires et financeurs des programmes, avec leurs engagements.',
		access: 'public',
		section: 'Aides et données'
	},
	{
		route: '/organisations/[slug]',
		example: '/organisations/banque-des-territoires',
		title: 'Un partenaire',
		description: 'Un partenaire des programmes : ses rôles et ses lignes de financement.',
		access: 'public',
		section: 'Aides et données'
	},
	{
		route: '/donnees',
		example: '/donnees',
		title: 'Données',
		description: 'Exports des données et API ouverte des programmes urbains du Grand Cahors.',
		access: 'public',
		section: 'Aides et données'
	},
	{
		route: '/sources',
		example: '/sources',
		title: 'Sources des données',
		description: 'Les documents publics d’où viennent les chiffres, avec leurs citations.',
		access: 'public',
		section: 'Aides et données'
	},
	{
		route: '/connexion',
		example: '/connexion',
		title: 'Se connecter',
		description: 'Connexion des agents, élus et partenaires.',
		access: 'public',
		section: 'Espace connecté'
	},
	{
		route: '/compte',
		example: '/compte',
		title: 'Mon compte',
		description: 'Votre compte : mot de passe et préférences.',
		access: 'signed-in',
		section: 'Espace connecté'
	},
	{
		route: '/partenaires/portail',
		example: '/partenaires/portail',
		title: 'Portail financeurs',
		description: 'Les engagements d’un financeur, à vérifier et confirmer.',
		access: ['partenaire', 'elu', 'admin'],
		section: 'Espace connecté'
	},
	{
		route: '/operations/[slug]/relogement',
		example: '/operations/terre-rouge-residence/relogement',
		title: 'Suivi du relogement',
		description: 'Suivi des ménages relogés, sans donnée nominative.',
		access: ['charge_relogement', 'admin'],
		section: 'Espace connecté'
	},
	{
		route: '/opah-ru/dossiers',
		example: '/opah-ru/dossiers',
		title: 'Dossiers OPAH-RU',
		description: 'Suivi des dossiers de subvention des propriétaires bailleurs.',
		access: ['chef_de_projet', 'admin'],
		section: 'Espace connecté'
	},
	{
		route: '/donnees/import',
		example: '/donnees/import',
		title: 'Importer un tableur',
		description: 'Mettre à jour jalons, financements et avancement depuis un tableur.',
		access: ['chef_de_projet', 'admin'],
		section: 'Espace connecté'
	},
	{
		route: '/admin/utilisateurs',
		example: '/admin/utilisateurs',
		title: 'Utilisateurs',
		description: 'Comptes, rôles et programmes des utilisateurs.',
		access: ['admin'],
		section: 'Espace connecté'
	},
	{
		route: '/admin/journal',
		example: '/admin/journal',
		title: 'Journal',
		description: 'Journal des modifications.',
		access: ['admin'],
		section: 'Espace connecté'
	},
	{
		route: '/notifications/desabonnement',
		example: '/notifications/desabonnement?t=lien-perime',
		title: 'Se désabonner',
		description: 'Ne plus recevoir les messages du tableau de bord.',
		access: 'public',
		section: 'Espace connecté',
		unlisted: true
	},
	{
		route: '/accessibilite',
		example: '/accessibilite',
		title: 'Déclaration d’accessibilité',
		description:
			'Déclaration d’accessibilité du tableau de bord des programmes urbains (RGAA 4.1).',
		access: 'public',
		section: 'À propos du site'
	},
	{
		route: '/mentions-legales',
		example: '/mentions-legales',
		title: 'Mentions légales',
		description: 'Éditeur, directeur de la publication et hébergeur du site.',
		access: 'public',
		section: 'À propos du site'
	},
	{
		route: '/donnees-personnelles',
		example: '/donnees-personnelles',
		title: 'Données personnelles',
		description:
			'Les données personnelles traitées (comptes, relogement, OPAH-RU), leur base légale, leur durée de conservation et vos droits.',
		access: 'public',
		section: 'À propos du site'
	},
	{
		route: '/plan-du-site',
		example: '/plan-du-site',
		title: 'Plan du site',
		description: 'Toutes les pages du site.',
		access: 'public',
		section: 'À propos du site'
	}
];

export const DEFAULT_DESCRIPTION =
	'Tableau de bord des programmes urbains du Grand Cahors et de la Ville de Cahors.';

export function pageFor(route: string | null): SitePage | undefined {
	return SITE_PAGES.find((p) => p.route === route);
}

/** Whether a reader with this role (none when anonymous) may open the page. */
export function canOpen(page: SitePage, role: string | null): boolean {
	if (page.access === 'public') return true;
	if (!role) return false;
	return page.access === 'signed-in' || page.access.includes(role);
}
