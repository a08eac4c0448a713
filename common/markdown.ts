// Markdown for the reports jobs write (archive, rescue, audit). Plain string work with no
// imports, so workflows and activities can both use it.

/** A table cell: a `|` would end the cell and a line break the row, so escape one and fold the other. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
