/** A short quote of a source document backing a figure. */
export interface Citation {
	id: number;
	quote: string;
	file: string;
	title: string;
}
