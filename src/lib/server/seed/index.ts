import { SEED_ACTOR } from '../../domain/changes';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import * as t from '../db/schema';
import type { Db } from '../db';
import type { Geometry } from '../db/schema';
import { recordAudit } from '../audit/writer';
import { insertRuleSet } from '../opah/rules';
import {
	documentFile,
	territoryFile,
	programmeFile,
	placesFile,
	geojsonFile,
	opahRulesFile,
	referenceFiguresFile,
	type ProgrammeFile
} from './files';

/** Programme files in load order (a programme's parent comes first). */
export const PROGRAMME_FILES = [
	'contrat-de-ville',
	'action-coeur-de-ville',
	'terre-rouge',
	'opah-ru'
];

const ACTOR = SEED_ACTOR;

function readJson<S extends z.ZodTypeAny>(dir: string, file: string, shape: S): z.infer<S> {
	const full = path.join(dir, file);
	const parsed = shape.safeParse(JSON.parse(fs.readFileSync(full, 'utf8')));
	if (!parsed.success) throw new Error(`Seed file ${file} is malformed: ${parsed.error.message}`);
	return parsed.data;
}

/** Loads the real data from data/ into an empty, migrated database, in one transaction. */
export function seedDatabase(db: Db, dataDir: string): void {
	const now = new Date().toISOString();
	const documents = readJson(dataDir, 'documents.json', documentFile);
	const territory = readJson(dataDir, 'territory.json', territoryFile);
	const programmes = PROGRAMME_FILES.map((f) =>
		readJson(dataDir, `programmes/${f}.json`, programmeFile)
	);
	const places = readJson(dataDir, 'places.json', placesFile);
	const opah = readJson(dataDir, 'opah-ru/rules.json', opahRulesFile);
	const references = readJson(dataDir, 'reference-figures.json', referenceFiguresFile);

	db.transaction((tx) => {
		const docIds = new Map<string, number>();
		for (const d of documents) {
			docIds.set(
				d.key,
				tx.insert(t.documents).values(d).returning({ id: t.documents.id }).get().id
			);
		}
		const cite = (s: { doc: string; quote: string } | undefined): number | null => {
			if (!s) return null;
			const documentId = docIds.get(s.doc);
			if (!documentId) throw new Error(`Unknown source document "${s.doc}"`);
			return tx
				.insert(t.citations)
				.values({ documentId, quote: s.quote })
				.returning({ id: t.citations.id })
				.get().id;
		};
		// A seeded record was last updated when its source document was published.
		const docDates = new Map(documents.map((d) => [d.key, d.publishedOn]));
		const asOf = (src: { doc: string } | undefined): string => {
			const d = src ? docDates.get(src.doc) : null;
			if (!d) return now;
			return new Date(`${d.length === 4 ? `${d}-01-01` : d}T00:00:00Z`).toISOString();
		};
		const audit = (entityType: string, entityId: number, after: Record<string, unknown>) =>
			recordAudit(tx, { actor: ACTOR, entityType, entityId, operation: 'create', after, at: now });

		const territoryId = tx
			.insert(t.territories)
			.values(territory.territory)
			.returning({ id: t.territories.id })
			.get().id;
		const orgIds = new Map<string, number>();
		for (const o of territory.organisations) {
			orgIds.set(
				o.slug,
				tx.insert(t.organisations).values(o).returning({ id: t.organisations.id }).get().id
			);
		}
		const org = (slug: string | undefined): number | null => {
			if (!slug) return null;
			const id = orgIds.get(slug);
			if (!id) throw new Error(`Unknown organisation "${slug}"`);
			return id;
		};

		const programmeIds = new Map<string, number>();
		const actionIds = new Map<string, number>(); // "programme/code"
		const operationIds = new Map<string, number>();
		const buildingIds = new Map<string, number>(); // "operation/code"

		programmes.forEach((p: ProgrammeFile, position) => {
			const row = {
				slug: p.slug,
				territoryId,
				parentId: p.parent ? (programmeIds.get(p.parent) ?? null) : null,
				name: p.name,
				shortName: p.shortName,
				kind: p.kind,
				startDate: p.start?.date ?? null,
				startPrecision: p.start?.precision ?? null,
				endDate: p.end?.date ?? null,
				endPrecision: p.end?.precision ?? null,
				signedOn: p.signedOn,
				description: p.periodNote ? `${p.description}\n\n${p.periodNote}` : p.description,
				axisLabel: p.axisLabel,
				citationId: cite(p.source),
				position,
				envelopeNote: p.envelopeNote ?? null
			};
			const programmeId = tx
				.insert(t.programmes)
				.values(row)
				.returning({ id: t.programmes.id })
				.get().id;
			programmeIds.set(p.slug, programmeId);
			audit('programme', programmeId, row);

			for (const o of p.organisations) {
				tx.insert(t.programmeOrganisations)
					.values({
						programmeId,
						organisationId: org(o.org)!,
						role: o.role,
						note: o.note ?? null,
						citationId: cite(o.source)
					})
					.run();
			}

			const axisIds = new Map<string, number>();
			p.axes.forEach((a, i) => {
				const axisId = tx
					.insert(t.axes)
					.values({
						programmeId,
						code: a.code,
						title: a.title,
						shortTitle: a.shortTitle ?? null,
						context: a.context ?? null,
						position: i,
						citationId: cite(a.source)
					})
					.returning({ id: t.axes.id })
					.get().id;
				axisIds.set(a.code, axisId);
			});

			p.actions.forEach((a, i) => {
				const axisId = axisIds.get(a.axis);
				if (!axisId) throw new Error(`Action ${p.slug}/${a.code}: unknown axis ${a.axis}`);
				const row = {
					programmeId,
					axisId,
					number: a.number,
					code: a.code,
					title: a.title,
					description: a.description ?? null,
					objectives: a.objectives ?? [],
					leadOrganisationId: org(a.lead),
					status: a.status ?? 'non_renseigne',
					statusCitationId: cite(a.statusSource),
					maturity: a.maturity ?? null,
					citationId: cite(a.source),
					inferredFields: a.inferred ?? [],
					note: a.note ?? null,
					position: i,
					updatedAt: asOf(a.statusSource ?? a.source)
				};
				const actionId = tx
					.insert(t.actionItems)
					.values(row)
					.returning({ id: t.actionItems.id })
					.get().id;
				actionIds.set(`${p.slug}/${a.code}`, actionId);
				audit('action', actionId, row);
			});
			const localAction = (code: string | undefined) => {
				if (!code) return null;
				const id = actionIds.get(`${p.slug}/${code}`);
				if (!id) throw new Error(`Unknown action ${p.slug}/${code}`);
				return id;
			};

			p.axes.forEach((a) =>
				a.achievements?.forEach((ach, i) => {
					tx.insert(t.achievements)
						.values({
							axisId: axisIds.get(a.code)!,
							actionId: localAction(ach.action),
							text: ach.text,
							citationId: cite(ach.source),
							inferredFields: ach.inferred ?? [],
							position: i
						})
						.run();
				})
			);

			p.operations?.forEach((o, position) => {
				const row = {
					slug: o.slug,
					programmeId,
					actionId: localAction(o.action),
					parentId: o.parent ? (operationIds.get(o.parent) ?? null) : null,
					name: o.name,
					description: [o.description, o.fundingNote].filter(Boolean).join('\n\n') || null,
					leadOrganisationId: org(o.lead),
					status: o.status,
					statusCitationId: cite(o.statusSource),
					startDate: o.start?.date ?? null,
					startPrecision: o.start?.precision ?? null,
					endDate: o.end?.date ?? null,
					endPrecision: o.end?.precision ?? null,
					periodNote: o.periodNote ?? null,
					totalCostCents: o.totalCost?.cents ?? null,
					totalCostTax: o.totalCost?.tax ?? null,
					totalCostCitationId: cite(o.totalCost?.source),
					position,
					updatedAt: asOf(o.statusSource ?? o.totalCost?.source)
				};
				const operationId = tx
					.insert(t.operations)
					.values(row)
					.returning({ id: t.operations.id })
					.get().id;
				operationIds.set(o.slug, operationId);
				audit('operation', operationId, row);

				for (const b of o.buildings ?? []) {
					const id = tx
						.insert(t.buildings)
						.values({ operationId, ...b })
						.returning({ id: t.buildings.id })
						.get().id;
					buildingIds.set(`${o.slug}/${b.code}`, id);
				}
				o.milestones?.forEach((m, i) => {
					const mrow = {
						operationId,
						code: m.code,
						title: m.title,
						plannedDate: m.planned?.date ?? null,
						plannedPrecision: m.planned?.precision ?? null,
						baselineDate: m.planned?.date ?? null,
						baselinePrecision: m.planned?.precision ?? null,
						actualDate: m.actual?.date ?? null,
						actualPrecision: m.actual?.precision ?? null,
						status: m.status,
						citationId: cite(m.source),
						position: i,
						updatedAt: asOf(m.source)
					};
					const milestoneId = tx
						.insert(t.milestones)
						.values(mrow)
						.returning({ id: t.milestones.id })
						.get().id;
					audit('milestone', milestoneId, mrow);
					m.works?.forEach((w, j) => {
						const buildingId = w.building ? buildingIds.get(`${o.slug}/${w.building}`) : null;
						if (w.building && !buildingId)
							throw new Error(`Unknown building ${o.slug}/${w.building}`);
						tx.insert(t.workItems)
							.values({
								operationId,
								buildingId: buildingId ?? null,
								milestoneId,
								category: w.category,
								label: w.label,
								citationId: mrow.citationId,
								inferredFields: w.inferred ?? [],
								position: j
							})
							.run();
					});
				});
				o.funding?.forEach((f, i) => {
					const frow = {
						operationId,
						organisationId: org(f.funder),
						label: f.label,
						kind: f.kind,
						amountCents: f.amountCents,
						tax: f.tax,
						status: f.status,
						citationId: cite(f.source),
						inferredFields: f.inferred ?? [],
						position: i,
						updatedAt: asOf(f.source)
					};
					const id = tx
						.insert(t.fundingLines)
						.values(frow)
						.returning({ id: t.fundingLines.id })
						.get().id;
					audit('funding_line', id, frow);
				});
			});

			p.indicators.forEach((ind, position) => {
				const indicatorId = tx
					.insert(t.indicators)
					.values({
						slug: ind.slug,
						programmeId,
						actionId: localAction(ind.action),
						operationId: ind.operation ? (operationIds.get(ind.operation) ?? null) : null,
						label: ind.label,
						unit: ind.unit,
						target: ind.target ?? null,
						targetDate: ind.targetDate ?? null,
						targetPrecision: ind.targetPrecision ?? null,
						targetCitationId: cite(ind.targetSource),
						note: ind.note ?? null,
						inferredFields: ind.inferred ?? [],
						position
					})
					.returning({ id: t.indicators.id })
					.get().id;
				for (const v of ind.values) {
					const vrow = {
						indicatorId,
						value: v.value,
						ofTotal: v.ofTotal ?? null,
						measuredOn: v.measuredOn ?? null,
						measuredPrecision: v.precision ?? null,
						citationId: cite(v.source)
					};
					const id = tx
						.insert(t.indicatorValues)
						.values(vrow)
						.returning({ id: t.indicatorValues.id })
						.get().id;
					audit('indicator_value', id, vrow);
				}
			});

			const envelopeIds = new Map<string, number>();
			p.envelopes?.forEach((e, position) => {
				const id = tx
					.insert(t.envelopes)
					.values({
						programmeId,
						organisationId: org(e.org),
						parentId: e.parent ? (envelopeIds.get(e.parent) ?? null) : null,
						label: e.label,
						kind: e.kind,
						scope: 'national',
						amountCents: e.amountCents,
						period: '5 ans',
						citationId: cite(e.source),
						position
					})
					.returning({ id: t.envelopes.id })
					.get().id;
				if (e.ref) envelopeIds.set(e.ref, id);
			});
		});

		const resolve = (r: { type: string; ref: string }): number => {
			const map =
				r.type === 'programme' ? programmeIds : r.type === 'action' ? actionIds : operationIds;
			const id = map.get(r.ref);
			if (!id) throw new Error(`Unknown ${r.type} "${r.ref}" in a link`);
			return id;
		};
		for (const p of programmes) {
			for (const l of p.links) {
				tx.insert(t.links)
					.values({
						fromType: l.from.type,
						fromId: resolve(l.from),
						toType: l.to.type,
						toId: resolve(l.to),
						kind: l.kind,
						note: l.note ?? null,
						citationId: cite(l.source)
					})
					.run();
			}
		}

		for (const p of places) {
			const geometry =
				p.geometry ?? readJson(dataDir, p.geometryFile!, geojsonFile).features[0].geometry;
			const box = bbox(geometry);
			const placeId = tx
				.insert(t.places)
				.values({
					slug: p.slug,
					name: p.name,
					kind: p.kind,
					geometry,
					...box,
					inferred: p.inferred,
					confidence: p.confidence ?? null,
					note: p.note ?? null,
					attribution: p.attribution ?? null,
					citationId: cite(p.source),
					updatedAt: now
				})
				.returning({ id: t.places.id })
				.get().id;
			for (const [type, ref] of p.links) {
				const subjectId = type === 'building' ? buildingIds.get(ref) : resolve({ type, ref });
				if (!subjectId) throw new Error(`Place ${p.slug}: unknown ${type} "${ref}"`);
				tx.insert(t.placeLinks).values({ placeId, subjectType: type, subjectId }).run();
			}
		}

		insertRuleSet(tx, opah, cite);

		for (const r of references) {
			const { source, ...row } = r;
			tx.insert(t.referenceFigures)
				.values({ ...row, citationId: cite(source) })
				.run();
		}
	});
}

const E6 = 1_000_000;
/** Bounding box in micro-degrees. */
export function bbox(g: Geometry): {
	minLon: number;
	minLat: number;
	maxLon: number;
	maxLat: number;
} {
	const points: number[][] =
		g.type === 'Point'
			? [g.coordinates]
			: g.type === 'Polygon'
				? g.coordinates.flat()
				: g.coordinates.flat(2);
	const lons = points.map((p) => p[0]);
	const lats = points.map((p) => p[1]);
	return {
		minLon: Math.round(Math.min(...lons) * E6),
		minLat: Math.round(Math.min(...lats) * E6),
		maxLon: Math.round(Math.max(...lons) * E6),
		maxLat: Math.round(Math.max(...lats) * E6)
	};
}
