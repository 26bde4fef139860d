/**
 * A spreadsheet program reads a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return
 * before one) as a formula once the file is saved as CSV or a cell is pasted: a name or a post title such
 * as `=HYPERLINK(…)` typed into a list must stay text in what Qihang exports. Such a text gets a leading
 * apostrophe, the spreadsheet's own "this is text" mark; numbers are left as they are.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function neutralizeFormula<T>(value: T): T | string {
  return typeof value === 'string' && formulaStart.test(value) ? `'${value}` : value;
}

/** A row of cells, each neutralized. */
export const safeCells = (cells: readonly unknown[]): unknown[] => cells.map(neutralizeFormula);

/**
 * A sheet name cannot begin with an apostrophe, so a leading formula character is written full-width
 * instead (＝＋－＠), which no spreadsheet evaluates.
 */
export function safeSheetTitle(name: string): string {
  return name
    .replace(/^[\t\r]+/, '')
    .replace(/^[=+\-@]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
