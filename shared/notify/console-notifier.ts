// The Notifier for a terminal: the subject, then the same text SNS sends, coloured by severity when
// the caller says the output is a terminal that takes colour (the CLI decides; nothing here reads
// the process). The text is already free of control characters (alert-text.ts), so the only escape
// sequences written are these.
import type { AlertMessage } from './alert-message.ts';
import type { LineTone } from './alert-text.ts';
import { NotifyError, type Notifier, type NotifyReceipt } from './notifier.ts';

export interface ConsoleNotifierOptions {
  readonly write: (text: string) => void;
  readonly colour: boolean;
}

const RESET = '\x1b[0m';
const COLOURS: Readonly<Record<LineTone, string>> = {
  critical: '\x1b[1;31m', // bold red
  high: '\x1b[31m', // red
  medium: '\x1b[33m', // yellow
  low: '\x1b[36m', // cyan
  info: '\x1b[32m', // green
  heading: '\x1b[1m', // bold
  plain: '',
};

function paint(text: string, tone: LineTone, colour: boolean): string {
  const code = COLOURS[tone];
  return colour && code !== '' && text !== '' ? `${code}${text}${RESET}` : text;
}

/** The console rendering: subject, blank line, text lines. */
export function consoleText(message: AlertMessage, colour: boolean): string {
  const lines = [paint(message.subject, message.document.highestSeverity, colour), '', ...message.lines.map((l) => paint(l.text, l.tone, colour))];
  return `${lines.join('\n')}\n`;
}

export function createConsoleNotifier(options: ConsoleNotifierOptions): Notifier {
  return {
    notify(message: AlertMessage): Promise<NotifyReceipt> {
      try {
        options.write(consoleText(message, options.colour));
      } catch (error) {
        return Promise.reject(new NotifyError('write', 'console', `cannot write the alert to the console: ${(error as Error).message}`, { cause: error }));
      }
      return Promise.resolve({ channel: 'console' });
    },
  };
}
