import { retentionYears } from './relocation/cases';

/**
 * What only the operator of the site knows (publisher, director of publication, host, contacts),
 * read from the environment each time. An empty value is shown as "à compléter" to administrators
 * and "non renseigné" to everyone else: never invented.
 */
export interface OperatorSettings {
	publisher: string;
	publisherAddress: string | null;
	director: string | null;
	host: string | null;
	hostAddress: string | null;
	contactEmail: string | null;
	dpoContact: string | null;
	landlordContact: string | null;
	operatorContact: string | null;
	relocationRetentionYears: number;
	opahRetentionYears: number | null;
	accessibilityRate: number | null;
	accessibilityAuditDate: string | null;
}

const text = (v: string | undefined, max = 300) => {
	const t = v?.trim();
	return t ? t.slice(0, max) : null;
};

const number = (v: string | undefined, min: number, max: number) => {
	const n = Number(v);
	return v != null && v.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? n : null;
};

export function operatorSettings(
	env: Record<string, string | undefined> = process.env
): OperatorSettings {
	return {
		// The product is Grand Cahors's by definition; the rest is the operator's to state.
		publisher: text(env.SITE_PUBLISHER) ?? 'Grand Cahors (communauté d’agglomération)',
		publisherAddress: text(env.SITE_PUBLISHER_ADDRESS),
		director: text(env.SITE_DIRECTOR),
		host: text(env.SITE_HOST),
		hostAddress: text(env.SITE_HOST_ADDRESS),
		contactEmail: text(env.SITE_CONTACT_EMAIL),
		dpoContact: text(env.SITE_DPO_CONTACT),
		landlordContact: text(env.LANDLORD_CONTACT),
		operatorContact: text(env.OPERATOR_CONTACT),
		relocationRetentionYears: retentionYears(),
		opahRetentionYears: number(env.OPAH_RETENTION_YEARS, 1, 50),
		accessibilityRate: number(env.ACCESSIBILITY_RATE, 0, 100),
		accessibilityAuditDate: text(env.ACCESSIBILITY_AUDIT_DATE, 10)
	};
}
