/**
 * The accessibility statement's facts (RGAA 4.1 model). Without a full audit's rate the state is the
 * one our own evaluation supports: "partiellement conforme" (automated checks pass on every page,
 * the manual criteria have not all been verified). With ACCESSIBILITY_RATE set after an audit the
 * state follows the RGAA thresholds: 100 % totally, 50 % or more partially, else not compliant.
 */
export type ConformityState = 'totalement conforme' | 'partiellement conforme' | 'non conforme';

export function conformityState(rate: number | null): ConformityState {
	if (rate === null) return 'partiellement conforme';
	if (rate >= 100) return 'totalement conforme';
	return rate >= 50 ? 'partiellement conforme' : 'non conforme';
}

/** Widths every page is checked at (CSS pixels): a small phone, a common phone, a laptop. */
export const CHECKED_WIDTHS = [320, 390, 1366] as const;

/** What is known not to be accessible, and the alternative offered. */
export const NON_ACCESSIBLE = [
	{
		what: 'La carte interactive (dessin des lieux)',
		why: 'Le fond de carte et les marqueurs dessinés ne sont pas restitués aux lecteurs d’écran.',
		alternative:
			'La liste des lieux sous la carte donne chaque lieu, sa description et son lien ; elle se parcourt au clavier.'
	},
	{
		what: 'Les graphiques du tableau de bord et du rapport',
		why: 'Un graphique dessiné n’est pas lisible par un lecteur d’écran.',
		alternative:
			'Chaque graphique a son tableau de données et un téléchargement CSV ; la couleur n’est jamais seule à porter l’information (motifs).'
	},
	{
		what: 'Le rapport PDF',
		why: 'Le PDF est balisé (structure et signets) mais n’a pas été vérifié avec un lecteur d’écran.',
		alternative: 'La page « Rapport au conseil » présente le même contenu en HTML.'
	}
] as const;

/** The day this statement's text and evaluation method were written. */
export const DECLARATION_DATE = '2026-11-25';
