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
