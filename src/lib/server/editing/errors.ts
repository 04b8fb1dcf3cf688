/** Someone saved the record after the form was opened: nothing was written. */
export class ConflictError extends Error {
	constructor(
		readonly current: Record<string, unknown>,
		readonly changes: {
			at: string;
			actor: string;
			/** what a reader outside the staff sees instead of `actor` */
			publicActor?: string;
			entityType?: string;
			fields: { field: string; before: unknown; after: unknown }[];
		}[]
	) {
		super('Conflit de modification');
	}
}

/** Input the schema accepted but the record's state refuses, with a message per field. */
export class FieldError extends Error {
	constructor(readonly errors: Record<string, string>) {
		super(Object.values(errors)[0]);
	}
}

export class NotFoundError extends Error {}
