// One alert, rendered once for every channel: the subject, the phone-readable text (as lines with a
// tone, for the console's colours), the one-line short form for SMS, and the structured document.
import type { AlertDocument } from './alert-document.ts';
import type { TextLine } from './alert-text.ts';

export interface AlertMessage {
  /** Printable ASCII, at most 100 characters (the SNS subject rules). */
  readonly subject: string;
  readonly lines: readonly TextLine[];
  /** `lines` joined, with a final newline. */
  readonly text: string;
  /** For SMS: one SMS worth (the subject). */
  readonly short: string;
  readonly document: AlertDocument;
}
