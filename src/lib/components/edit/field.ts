/** What a form field's input receives from `Field`: its id and the ARIA links to its error. */
export interface FieldAttrs {
	id: string;
	invalid: boolean;
	describedby: string | undefined;
}
