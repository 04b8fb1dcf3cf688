import { describe, it, expect } from 'vitest';
import { frenchSpaces, frenchSpacesHtml } from '../src/lib/domain/typography';
import { sortFrench } from '../src/lib/domain/collation';
import { countOf, pluralWord } from '../src/lib/domain/numbers';

const show = (s: string) => s.replace(/\u00a0/g, '⍽').replace(/\u202f/g, '·');

describe('French typography', () => {
	it('puts no-break spaces before double punctuation and inside guillemets', () => {
		expect(show(frenchSpaces('Filtres : axe 1 ; financeur ! Vraiment ? « Cosse »'))).toBe(
			'Filtres⍽: axe 1·; financeur·! Vraiment·? «·Cosse·»'
		);
	});
	it('keeps amounts and units on one line, not years after a number', () => {
		expect(show(frenchSpaces('2 500 habitants, 4 534 948 €, 37,5 %, T4 2023, 15 ans'))).toBe(
			'2⍽500 habitants, 4⍽534⍽948⍽€, 37,5⍽%, T4 2023, 15 ans'
		);
	});
	it('applies every rule in one text, each space retouched once', () => {
		expect(
			show(frenchSpaces('Total  : 12 500 k€ ; 3 ha !  « :  x » 10 000 m² 5 mois 1 2024'))
		).toBe('Total⍽: 12⍽500⍽k€·; 3⍽ha·!  «⍽:  x·» 10⍽000⍽m² 5 mois 1 2024');
		// idempotent
		const once = frenchSpaces('« Lot 2 » : 4 534 948 € ; 37 %');
		expect(frenchSpaces(once)).toBe(once);
	});
	it('writes the apostrophe between two letters as ’, not quotes or attributes', () => {
		expect(frenchSpaces("Modifier l'action d'aujourd'hui")).toBe('Modifier l’action d’aujourd’hui');
		expect(frenchSpaces("'cité' 5'")).toBe("'cité' 5'");
		expect(frenchSpacesHtml(`<p title="l'axe">Maître d'ouvrage</p><code>a'b</code>`)).toBe(
			`<p title="l'axe">Maître d’ouvrage</p><code>a'b</code>`
		);
	});
	it('is idempotent and leaves text without spaces alone', () => {
		const once = frenchSpaces('Étape 1 : démolition ; 1 200 m²');
		expect(frenchSpaces(once)).toBe(once);
		expect(frenchSpaces('http://x.fr/a?b=1')).toBe('http://x.fr/a?b=1');
	});
	it('never touches an attribute holding ">"', () => {
		const html = '<input value="Lot 2 > phase : études"><p title=\'a > b : c\'>x : y</p>';
		expect(show(frenchSpacesHtml(html))).toBe(
			'<input value="Lot 2 > phase : études"><p title=\'a > b : c\'>x⍽: y</p>'
		);
	});
	it('changes the text of a page, never its attributes, scripts or form values', () => {
		const html =
			'<p title="a : b">Titre : x</p><input value="Tranche 1 : B"><textarea>a : b</textarea><script>var a = b ? c : d;</script><!-- x : y -->';
		expect(show(frenchSpacesHtml(html))).toBe(
			'<p title="a : b">Titre⍽: x</p><input value="Tranche 1 : B"><textarea>a : b</textarea><script>var a = b ? c : d;</script><!-- x : y -->'
		);
	});
});

describe('French order and plurals', () => {
	it('sorts accented names with their letter', () => {
		const names = ['Ville de Pradines', 'État', 'Anah', 'Département du Lot', 'Zone 10', 'Zone 2'];
		expect(sortFrench(names, (n) => n)).toEqual([
			'Anah',
			'Département du Lot',
			'État',
			'Ville de Pradines',
			'Zone 2',
			'Zone 10'
		]);
	});
	it('treats 0 and 1 as singular', () => {
		expect(pluralWord(0, 'action')).toBe('action');
		expect(pluralWord(1, 'jalon réalisé')).toBe('jalon réalisé');
		expect(pluralWord(2, 'jalon réalisé')).toBe('jalons réalisés');
		expect(countOf(1, 'réalisé')).toBe('1 réalisé');
		expect(countOf(1500, 'ligne').replace(/\u00a0/g, ' ')).toBe('1 500 lignes');
	});
});
