/** A short quote of a source document backing a figure. */
export interface Citation {
	id: number;
	quote: string;
	title: string;
	publisher: string | null;
	/** As the document gives it ("2023", "2024-03-22"), or null when undated. */
	publishedOn: string | null;
	/** Public address where one is known. */
	url: string | null;
	/** the document's key: its anchor on the Sources page */
	documentKey?: string;
}
