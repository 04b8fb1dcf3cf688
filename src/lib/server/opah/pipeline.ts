import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { opahApplications, opahApplicationSubsidies } from '../db/schema';
import {
	insertAudited,
	updateVersioned,
	changesSinceVersion,
	type ActorRef
} from '../editing/versioned';
import { ConflictError, FieldError, NotFoundError } from '../editing/errors';
import { maskCount, maskDerived } from '../../domain/disclosure';
import type { OpahProgress } from '../../domain/opah';
import {
	text,
	version,
	id,
	isoDate,
	money,
	longitude,
	latitude,
	integer,
	choice,
	emptyAsNull
} from '../../schemas/fields';

export const OPAH_FUNDERS = [
	'Anah',
	'Grand Cahors',
	'Région Occitanie',
	'Département du Lot',
	'Ville de Cahors'
] as const;

export const applicationSchema = z
	.object({
		// A pseudonymous reference only: no name, no e-mail, no phone number.
		reference: z
			.string()
			.trim()
			.regex(
				/^[A-Z]{1,4}-\d{4}-\d{1,4}$/,
				'Référence pseudonyme attendue, par exemple PB-2026-014 (pas de nom ni de coordonnées).'
			),
		address: text(200),
		lon: emptyAsNull(longitude),
		lat: emptyAsNull(latitude),
		dwellings: integer(1, 50, 'Nombre de logements'),
		worksType: choice(['lourds', 'securite', 'degrade', 'energie'], 'Type de travaux inconnu.'),
		rentType: choice(['LI', 'LCS'], 'LI ou LCS.'),
		step1On: isoDate
	})
	.refine((v) => (v.lon === null) === (v.lat === null), {
		message: 'Longitude et latitude vont ensemble : renseignez les deux ou aucune.',
		path: ['lat']
	});

export const advanceSchema = z.object({ id, version, on: isoDate });
export const paidSchema = z.object({ id, version, on: isoDate });
export const subsidySchema = z
	.object({
		applicationId: id,
		funder: choice(OPAH_FUNDERS, 'Financeur inconnu.'),
		// Empty for a funder not yet recorded on the application; the line's version otherwise.
		version: emptyAsNull(version),
		reserved: money({ emptyIsZero: true }),
		paid: money({ emptyIsZero: true })
	})
	.refine((v) => v.paid <= v.reserved, {
		message: 'Le montant versé ne peut pas dépasser le montant réservé.',
		path: ['paid']
	});

export function applicationExists(db: Db, id: number): boolean {
	return Boolean(
		db
			.select({ id: opahApplications.id })
			.from(opahApplications)
			.where(eq(opahApplications.id, id))
			.get()
	);
}

/** A paid (soldé) or abandoned application no longer moves. */
function refuseClosed(status: string, field: string) {
	if (status === 'solde')
		throw new FieldError({ [field]: 'Le dossier est soldé : il n’évolue plus.' });
	if (status === 'abandonne')
		throw new FieldError({ [field]: 'Le dossier est abandonné : il n’évolue plus.' });
}

const STEP_COLUMNS = ['step1On', 'step2On', 'step3On', 'step4On', 'step5On'] as const;

export function createApplication(
	db: Db,
	input: z.output<typeof applicationSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) => {
		if (
			tx
				.select({ id: opahApplications.id })
				.from(opahApplications)
				.where(eq(opahApplications.reference, input.reference))
				.get()
		)
			throw new FieldError({ reference: 'Cette référence existe déjà.' });
		return insertAudited(
			tx,
			opahApplications,
			'opah_application',
			{ ...input, step: 1, updatedAt: new Date().toISOString() },
			actor
		);
	});
}

/** Moves an application to the next of the notice's 5 steps, dated; dates never go backwards. */
export function advanceApplication(db: Db, input: z.output<typeof advanceSchema>, actor: ActorRef) {
	return db.transaction((tx) => {
		const app = tx.select().from(opahApplications).where(eq(opahApplications.id, input.id)).get();
		if (!app) throw new NotFoundError('opah_application');
		refuseClosed(app.status, 'on');
		if (app.step >= 5) throw new FieldError({ on: 'Le dossier est déjà à la dernière étape.' });
		const previous = app[STEP_COLUMNS[app.step - 1]]!;
		if (input.on < previous)
			throw new FieldError({
				on: `La date ne peut pas précéder celle de l'étape ${app.step} (${previous}).`
			});
		return updateVersioned(
			tx,
			opahApplications,
			'opah_application',
			input.id,
			input.version,
			{ step: app.step + 1, [STEP_COLUMNS[app.step]]: input.on },
			actor
		);
	});
}

/** Closes step 5: works finished and subsidies paid; the dwellings now count towards the goal. */
export function markPaid(db: Db, input: z.output<typeof paidSchema>, actor: ActorRef) {
	return db.transaction((tx) => {
		const app = tx.select().from(opahApplications).where(eq(opahApplications.id, input.id)).get();
		if (!app) throw new NotFoundError('opah_application');
		refuseClosed(app.status, 'on');
		if (app.step !== 5)
			throw new FieldError({ on: 'Le paiement se constate à l’étape 5 (fin des travaux).' });
		if (input.on < app.step5On!)
			throw new FieldError({ on: 'Le paiement ne peut pas précéder la fin des travaux.' });
		return updateVersioned(
			tx,
			opahApplications,
			'opah_application',
			input.id,
			input.version,
			{ status: 'solde', paidOn: input.on },
			actor
		);
	});
}

export function setSubsidy(db: Db, input: z.output<typeof subsidySchema>, actor: ActorRef) {
	return db.transaction((tx) => {
		const existing = tx
			.select()
			.from(opahApplicationSubsidies)
			.where(
				sql`${opahApplicationSubsidies.applicationId} = ${input.applicationId} and ${opahApplicationSubsidies.funder} = ${input.funder}`
			)
			.get();
		const app = tx
			.select({ id: opahApplications.id, status: opahApplications.status })
			.from(opahApplications)
			.where(eq(opahApplications.id, input.applicationId))
			.get();
		if (!app) throw new NotFoundError('opah_application');
		// A paid application may still see its final amounts recorded; an abandoned one receives nothing.
		if (app.status === 'abandonne') refuseClosed(app.status, 'reserved');
		if (existing && input.version === null)
			// Someone recorded this funder since the form was opened: show what they saved.
			throw new ConflictError(existing, changesSinceVersion(tx, 'opah_subsidy', existing.id, 0));
		if (!existing && input.version !== null) throw new NotFoundError('opah_subsidy');
		if (!existing)
			return insertAudited(
				tx,
				opahApplicationSubsidies,
				'opah_subsidy',
				{
					applicationId: input.applicationId,
					funder: input.funder,
					reservedCents: input.reserved,
					paidCents: input.paid
				},
				actor
			);
		return updateVersioned(
			tx,
			opahApplicationSubsidies,
			'opah_subsidy',
			existing.id,
			input.version ?? 0,
			{ reservedCents: input.reserved, paidCents: input.paid },
			actor
		);
	});
}

export interface BoardApplication {
	id: number;
	reference: string;
	address: string;
	dwellings: number;
	worksType: string;
	rentType: string;
	step: number;
	status: string;
	version: number;
	stepOn: string;
	paidOn: string | null;
	reservedCents: number;
	paidCents: number;
	/** one entry per funder recorded, with its version for the next edit */
	subsidies: { funder: string; reservedCents: number; paidCents: number; version: number }[];
}

/** The officers' board: applications by step, counts, mean days spent in each step, and the goal. */
export function pipelineBoard(db: Db) {
	const rows = db.all<Omit<BoardApplication, 'subsidies'>>(sql`
		select a.id, a.reference, a.address, a.dwellings, a.works_type as worksType, a.rent_type as rentType, a.step, a.status, a.version,
			coalesce(a.step5_on, a.step4_on, a.step3_on, a.step2_on, a.step1_on) as stepOn, a.paid_on as paidOn,
			coalesce((select sum(reserved_cents) from opah_application_subsidies s where s.application_id = a.id), 0) as reservedCents,
			coalesce((select sum(paid_cents) from opah_application_subsidies s where s.application_id = a.id), 0) as paidCents
		from opah_applications a where a.status <> 'abandonne' order by a.step, a.reference`);
	const subsidies = Map.groupBy(
		db.all<BoardApplication['subsidies'][number] & { applicationId: number }>(sql`
			select application_id as applicationId, funder, reserved_cents as reservedCents, paid_cents as paidCents, version
			from opah_application_subsidies order by funder`),
		(s) => s.applicationId
	);
	const applications: BoardApplication[] = rows.map((a) => ({
		...a,
		subsidies: (subsidies.get(a.id) ?? []).map(({ applicationId: _, ...s }) => s)
	}));
	const durations = db.all<{ step: number; days: number | null; n: number }>(sql`
		select 1 as step, avg(julianday(step2_on) - julianday(step1_on)) as days, count(step2_on) as n from opah_applications
		union all select 2, avg(julianday(step3_on) - julianday(step2_on)), count(step3_on) from opah_applications
		union all select 3, avg(julianday(step4_on) - julianday(step3_on)), count(step4_on) from opah_applications
		union all select 4, avg(julianday(step5_on) - julianday(step4_on)), count(step5_on) from opah_applications
		union all select 5, avg(julianday(paid_on) - julianday(step5_on)), count(paid_on) from opah_applications`);
	const byFunder = db.all<{ funder: string; reservedCents: number; paidCents: number }>(sql`
		select funder, sum(reserved_cents) as reservedCents, sum(paid_cents) as paidCents from opah_application_subsidies group by funder order by funder`);
	return { applications, durations, byFunder, progress: opahProgress(db, { exact: true }) };
}

/**
 * Dwellings rehabilitated (applications paid) against the OPAH-RU goal from Action Cœur de Ville
 * fiche 3. Outside the officers' board, fewer than 5 paid applications could point at a landlord:
 * both counts are then masked on the server.
 */
export function opahProgress(db: Db, options: { exact?: boolean } = {}): OpahProgress {
	const done = db.get<{ dwellings: number; applications: number }>(sql`
		select coalesce(sum(dwellings), 0) as dwellings, count(*) as applications from opah_applications where status = 'solde'`);
	const target = db.get<
		{ target: number | null; targetDate: string | null; note: string | null } | undefined
	>(
		sql`select target, target_date as targetDate, note from indicators where slug = 'acv-logements-opah-ru'`
	);
	const goal = {
		target: target?.target ?? null,
		targetYear: target?.targetDate?.slice(0, 4) ?? null,
		targetNote: target?.note ?? null
	};
	if (options.exact) return { ...done, ...goal, masked: false };
	return {
		applications: maskCount(done.applications),
		dwellings: maskDerived(done.dwellings, done.applications),
		...goal,
		masked: true
	};
}
