// Text from clusters into the HTML report. Two layers, one per threat: safeText (the rule of every
// psa-scan report, cli/safe-text.ts) shows control, bidi and other invisible characters as a
// Go-quoted string, so a name cannot hide or reorder what it sits next to; escape-html then makes
// & < > " ' inert, so a name or a check's detail can never become markup, in text or in a quoted
// attribute value. Nothing from a cluster goes anywhere else in the page (no URL, no id, no script).
import escapeHtml from 'escape-html';
import { safeText } from '../cli/safe-text.ts';

/** A value from a cluster or the store, for element text or a double-quoted attribute value. */
export function html(value: string): string {
  return escapeHtml(safeText(value));
}

/** A value of our own making (numbers, dates, enum names): escaped all the same. */
export function plain(value: string | number): string {
  return escapeHtml(String(value));
}
