/** MapLibre's interface texts in French (its `locale` option): buttons are named for screen readers. */
export const MAP_LOCALE_FR: Record<string, string> = {
	'AttributionControl.ToggleAttribution': 'Afficher ou masquer les sources de la carte',
	'AttributionControl.MapFeedback': 'Signaler une erreur sur la carte',
	'FullscreenControl.Enter': 'Afficher en plein écran',
	'FullscreenControl.Exit': 'Quitter le plein écran',
	'GeolocateControl.FindMyLocation': 'Me localiser',
	'GeolocateControl.LocationNotAvailable': 'Position non disponible',
	'LogoControl.Title': 'Logo MapLibre',
	'Map.Title': 'Carte',
	'Marker.Title': 'Repère sur la carte',
	'NavigationControl.ResetBearing':
		'Faire glisser pour tourner la carte, cliquer pour revenir au nord',
	'NavigationControl.ZoomIn': 'Zoomer',
	'NavigationControl.ZoomOut': 'Dézoomer',
	'Popup.Close': 'Fermer la fiche',
	'ScaleControl.Meters': 'm',
	'ScaleControl.Kilometers': 'km',
	'CooperativeGesturesHandler.WindowsHelpText': 'Ctrl + molette pour zoomer la carte',
	'CooperativeGesturesHandler.MacHelpText': '⌘ + molette pour zoomer la carte',
	'CooperativeGesturesHandler.MobileHelpText': 'Deux doigts pour déplacer la carte'
};
