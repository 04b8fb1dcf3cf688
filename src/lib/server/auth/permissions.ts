import type { Role } from '../db/schema/auth';

/** Who is asking: null for an anonymous visitor. */
export interface Actor {
	id: number;
	role: Role;
	organisationId: number | null;
	programmeIds: number[];
}

export type Verb =
	| 'read'
	| 'read_internal'
	| 'edit'
	| 'confirm_payment'
	| 'manage_users'
	| 'read_audit_all'
	| 'manage_relocation'
	| 'manage_opah'
	| 'import';

export type SubjectKind =
	| 'site'
	| 'programme'
	| 'action'
	| 'operation'
	| 'building'
	| 'work_item'
	| 'milestone'
	| 'funding_line'
	| 'indicator'
	| 'place'
	| 'note'
	| 'decision'
	| 'user'
	| 'audit'
	| 'relocation_case'
	| 'opah_application';

export interface Subject {
	kind: SubjectKind;
	/** the programme the record belongs to */
	programmeId?: number | null;
	/** for a funding line: its funder */
	funderId?: number | null;
	/** for an operation (and its buildings, work items, milestones): its lead organisation */
	leadOrganisationId?: number | null;
}

export interface Policy {
	publicReading: boolean;
}

const PROGRAMME_EDITABLE = new Set<SubjectKind>([
	'action',
	'operation',
	'building',
	'work_item',
	'milestone',
	'funding_line',
	'indicator',
	'place',
	'note',
	'decision',
	'programme'
]);
const LEAD_EDITABLE = new Set<SubjectKind>([
	'operation',
	'building',
	'work_item',
	'milestone',
	'place'
]);

/** OPAH-RU officers: project managers assigned to the OPAH-RU programme. */
function officer(user: Actor | null, subject: Subject): boolean {
	return (
		user?.role === 'chef_de_projet' &&
		subject.programmeId != null &&
		user.programmeIds.includes(subject.programmeId)
	);
}

/** The one authorisation rule book: pure, so every rule is testable without a server. */
export function can(
	user: Actor | null,
	verb: Verb,
	subject: Subject,
	policy: Policy = { publicReading: true }
): boolean {
	if (user?.role === 'admin') return true;
	switch (verb) {
		case 'read':
			if (subject.kind === 'relocation_case') return user?.role === 'charge_relogement';
			if (subject.kind === 'opah_application') return officer(user, subject);
			if (subject.kind === 'user' || subject.kind === 'audit') return false;
			if (subject.kind === 'note')
				return user !== null && ['chef_de_projet', 'elu'].includes(user.role);
			return user !== null || policy.publicReading;
		case 'read_internal':
			return user !== null && ['chef_de_projet', 'elu'].includes(user.role);
		case 'edit':
			if (!user) return false;
			if (user.role === 'chef_de_projet')
				return (
					PROGRAMME_EDITABLE.has(subject.kind) &&
					subject.programmeId != null &&
					user.programmeIds.includes(subject.programmeId)
				);
			if (user.role === 'partenaire')
				return (
					LEAD_EDITABLE.has(subject.kind) &&
					subject.leadOrganisationId != null &&
					subject.leadOrganisationId === user.organisationId
				);
			return false;
		case 'confirm_payment':
			return (
				user?.role === 'partenaire' &&
				subject.kind === 'funding_line' &&
				subject.funderId != null &&
				subject.funderId === user.organisationId
			);
		case 'manage_relocation':
			return user?.role === 'charge_relogement';
		case 'manage_opah':
			return officer(user, subject);
		case 'import':
			return user?.role === 'chef_de_projet' && user.programmeIds.length > 0;
		case 'manage_users':
		case 'read_audit_all':
			return false;
	}
}
