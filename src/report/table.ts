/** A table as plain text cells; the HTML and Markdown writers escape them. */
export interface Table {
  caption: string;
  columns: string[];
  rows: string[][];
  /** Columns holding numbers (right-aligned). */
  numeric: number[];
}
