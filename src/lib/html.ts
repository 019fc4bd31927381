// The one HTML escaper: the page, the build and the widgets all write markup from strings, some
// of them a reader's (cell names, file names, a hand-in's fields), so every one goes through here.

/** `text` safe inside HTML text and inside a quoted attribute: & < > " ' become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}
