import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Subject, SubjectKind } from './permissions';

/** What a record hangs from: an action or an operation (a tranche counts as its parent's). */
export interface Attachment {
	actionId: number | null;
	operationId: number | null;
}

/**
 * The authorisation subject of a record, read from the database through what it is attached to:
 * the programme of its action or operation, and its operation's lead organisation (or the parent
 * operation's, for a tranche). Nothing here comes from the request.
 */
export function subjectOf(db: Db, kind: SubjectKind, at: Attachment): Subject {
	if (at.actionId !== null) {
		const row = db.get<{ programmeId: number } | undefined>(
			sql`select programme_id as programmeId from action_items where id = ${at.actionId}`
		);
		return { kind, programmeId: row?.programmeId ?? null, leadOrganisationId: null };
	}
	if (at.operationId !== null) {
		const row = db.get<{ programmeId: number | null; lead: number | null } | undefined>(sql`
			select coalesce(o.programme_id, p.programme_id, a.programme_id) as programmeId,
				coalesce(o.lead_organisation_id, p.lead_organisation_id) as lead
			from operations o
			left join operations p on p.id = o.parent_id
			left join action_items a on a.id = coalesce(o.action_id, p.action_id)
			where o.id = ${at.operationId}`);
		return { kind, programmeId: row?.programmeId ?? null, leadOrganisationId: row?.lead ?? null };
	}
	return { kind, programmeId: null, leadOrganisationId: null };
}

/**
 * Every authorisation subject a place stands for: one per record it locates (a point can locate a
 * Cœur de Ville action and a Terre-Rouge operation at once). Moving it must be allowed on all of them.
 */
export function placeSubjects(db: Db, placeId: number): Subject[] {
	const links = db.all<{ type: string; id: number }>(
		sql`select subject_type as type, subject_id as id from place_links where place_id = ${placeId}`
	);
	return links.map((l): Subject => {
		switch (l.type) {
			case 'programme':
				return { kind: 'place', programmeId: l.id, leadOrganisationId: null };
			case 'action':
				return subjectOf(db, 'place', { actionId: l.id, operationId: null });
			case 'operation':
				return subjectOf(db, 'place', { actionId: null, operationId: l.id });
			case 'building': {
				const b = db.get<{ operationId: number } | undefined>(
					sql`select operation_id as operationId from buildings where id = ${l.id}`
				);
				return subjectOf(db, 'place', { actionId: null, operationId: b?.operationId ?? null });
			}
			default:
				// An unknown link kind belongs to nobody: nobody but an admin may move it.
				return { kind: 'place', programmeId: null, leadOrganisationId: null };
		}
	});
}
