import { operatorSettings } from './site';
import { sessionLimits } from './auth/session';
import { SMALL_COUNT } from '../domain/disclosure';

/** What every legal page shows: the operator's settings, and whether the reader may complete them. */
export function legalPageData(locals: App.Locals) {
	const { idleMs, maxMs } = sessionLimits();
	return {
		operator: operatorSettings(),
		sessionIdleHours: Math.round(idleMs / 3_600_000),
		sessionMaxDays: Math.round(maxMs / 86_400_000),
		/** statistical secrecy: counts below this are never published */
		smallCount: SMALL_COUNT,
		isAdmin: locals.user?.role === 'admin'
	};
}
