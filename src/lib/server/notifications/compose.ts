import { frenchSpaces } from '../../domain/typography';
import { formatPreciseDate, formatTimestamp } from '../../domain/dates';
import { describeChange } from '../../domain/changes';
import { publicActor } from '../../domain/roles';
import type { DigestSection } from './digest';
import type { NoticeEvent } from './queries';

const escape = (s: string) =>
	s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

interface Links {
	origin: string;
	settingsUrl: string;
	unsubscribeUrl: string;
}

/** Plain text and simple accessible HTML (headings, lists, real links, no images), in French. */
function render(
	title: string,
	intro: string,
	sections: { title: string; items: { text: string; href: string | null }[]; more: number }[],
	links: Links,
	why: string
): { text: string; html: string } {
	const abs = (href: string) => (href.startsWith('/') ? `${links.origin}${href}` : href);
	const text = [
		frenchSpaces(title),
		'',
		frenchSpaces(intro),
		...sections.flatMap((s) => [
			'',
			frenchSpaces(s.title),
			...s.items.map((i) => `- ${frenchSpaces(i.text)}${i.href ? `\n  ${abs(i.href)}` : ''}`),
			...(s.more ? [`- … et ${s.more} de plus sur le tableau de bord`] : [])
		]),
		'',
		'--',
		frenchSpaces(why),
		`Choisir ce que vous recevez : ${links.settingsUrl}`,
		`Se désabonner en un clic : ${links.unsubscribeUrl}`
	].join('\n');
	const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escape(frenchSpaces(title))}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1f24;max-width:40rem">
<h1 style="font-size:1.3rem">${escape(frenchSpaces(title))}</h1>
<p>${escape(frenchSpaces(intro))}</p>
${sections
	.map(
		(s) => `<h2 style="font-size:1.1rem">${escape(frenchSpaces(s.title))}</h2>
<ul>${s.items
			.map(
				(i) =>
					`<li>${i.href ? `<a href="${escape(abs(i.href))}" style="color:#1d4e89">${escape(frenchSpaces(i.text))}</a>` : escape(frenchSpaces(i.text))}</li>`
			)
			.join('')}${s.more ? `<li>… et ${s.more} de plus sur le tableau de bord</li>` : ''}</ul>`
	)
	.join('\n')}
<hr>
<p style="font-size:0.9rem;color:#4a5360">${escape(frenchSpaces(why))}<br>
<a href="${escape(links.settingsUrl)}" style="color:#1d4e89">Choisir ce que vous recevez</a> ·
<a href="${escape(links.unsubscribeUrl)}" style="color:#1d4e89">Se désabonner</a></p>
</body></html>`;
	return { text, html };
}

export function composeDigest(name: string, date: string, sections: DigestSection[], links: Links) {
	const subject = frenchSpaces(
		`Programmes urbains : votre point de la semaine du ${formatPreciseDate(date, 'day')}`
	);
	return {
		subject,
		...render(
			subject,
			`Bonjour ${name}, voici ce qui demande votre attention cette semaine.`,
			sections,
			links,
			'Vous recevez ce point chaque lundi parce que votre compte suit ces programmes.'
		)
	};
}

const KIND_TITLE: Record<NoticeEvent['kind'], string> = {
	line_changed: 'Lignes de financement de votre organisation',
	partner_commitment: 'Engagements et versements des partenaires',
	milestone_moved: 'Jalons dont vous êtes responsables, déplacés par d’autres'
};

/**
 * `names`: whether the reader may see who among the staff made a change (project managers and élus);
 * everyone else reads a role or an organisation, as on the pages.
 */
export function composeNotice(name: string, events: NoticeEvent[], links: Links, names: boolean) {
	const groups = (Object.keys(KIND_TITLE) as NoticeEvent['kind'][])
		.map((kind) => {
			const items = events
				.filter((e) => e.kind === kind)
				.map((e) => {
					const parts = describeChange({
						entityType: kind === 'milestone_moved' ? 'milestone' : 'funding_line',
						operation: e.before ? 'update' : 'create',
						before: e.before ? (JSON.parse(e.before) as Record<string, unknown>) : null,
						after: e.after ? (JSON.parse(e.after) as Record<string, unknown>) : null
					})
						.map((c) => c.text)
						.join(' ; ');
					return {
						text: `${e.subject} (${e.programme}) : ${parts || 'modifiée'} – ${names ? e.actor : publicActor(e.actorRole, e.actorOrganisation)}, ${formatTimestamp(e.at)}`,
						href: e.href
					};
				});
			return { title: KIND_TITLE[kind], items, more: 0 };
		})
		.filter((g) => g.items.length);
	const subject = frenchSpaces(
		`Programmes urbains : ${events.length > 1 ? `${events.length} changements vous concernent` : 'un changement vous concerne'}`
	);
	return {
		subject,
		...render(
			subject,
			`Bonjour ${name}, d’autres personnes ont modifié des éléments qui vous concernent.`,
			groups,
			links,
			'Vous recevez ces avis, groupés et au plus un par heure, parce que ces éléments relèvent de votre compte.'
		)
	};
}
