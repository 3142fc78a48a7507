// How admission warnings reach the client as HTTP `Warning` headers, and how to read them back.
// Server side: k8s.io/apiserver pkg/endpoints/filters/warning.go (the per-request recorder);
// header syntax: k8s.io/apimachinery pkg/util/net/http.go NewWarningHeader / ParseWarningHeader.

/** While the total stays within this many runes (code points), warnings pass whole. */
export const WARNING_TOTAL_RUNE_LIMIT = 4096;
/** Once the total would pass it, every warning is cut to this many runes, with no marker. */
export const WARNING_TRUNCATED_RUNES = 256;
/** "Miscellaneous persistent warning"; the only code the apiserver sends. */
export const WARNING_CODE = 299;

export interface WarningHeader {
  readonly code: number;
  readonly agent: string;
  readonly text: string;
}

export interface ReceivedWarnings {
  /** The `Warning` header values, in order: `299 - "text"`. */
  readonly headers: readonly string[];
  /** Their texts. */
  readonly texts: readonly string[];
  /** The recorder passed WARNING_TOTAL_RUNE_LIMIT and cut (and possibly dropped) warnings. */
  readonly truncating: boolean;
}

/** Go's strings.TrimSpace on the byte string, for the ASCII spaces a header can hold. */
function trimSpace(text: string): string {
  return text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
}

function runes(text: string): string[] {
  return Array.from(text);
}

// Go's unicode.IsControl: C0, DEL and C1.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** Valid UTF-8 without control characters: what NewWarningHeader accepts as text. */
function acceptableText(text: string): boolean {
  return text.isWellFormed() && !CONTROL.test(text);
}

/** `299 - "te\"xt"`: the agent `-` stands for none; only `"` and `\` are escaped (makeQuotedString). */
export function formatWarningHeader(text: string, agent = ''): string | undefined {
  if (!acceptableText(text)) return undefined;
  if (agent !== '' && (!agent.isWellFormed() || /[\s"\\]/u.test(agent) || CONTROL.test(agent))) return undefined;
  return `${WARNING_CODE} ${agent === '' ? '-' : agent} "${text.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * What a client receives when an admission plugin (agent "", as PodSecurity uses) adds these
 * warnings to one response. Empty and repeated texts are skipped. While the running total of runes
 * stays within 4096 each warning passes whole. The warning that would pass the limit switches the
 * recorder to truncating: every warning so far, and each later one, is cut to 256 runes, and the
 * total restarts from the cut lengths. Once that total reaches 4096, later warnings are dropped.
 * A text the header syntax refuses (control characters) is dropped silently.
 */
export function warningsAsReceived(warnings: readonly string[]): ReceivedWarnings {
  const recorded = new Set<string>();
  const ordered: string[] = [];
  let sent: string[] = [];
  let written = 0;
  let truncating = false;
  const cut = (text: string): string => {
    const r = runes(text);
    return r.length > WARNING_TRUNCATED_RUNES ? r.slice(0, WARNING_TRUNCATED_RUNES).join('') : text;
  };

  for (const warning of warnings) {
    if (warning === '') continue;
    if (truncating && written >= WARNING_TOTAL_RUNE_LIMIT) continue;
    if (recorded.has(warning)) continue;
    recorded.add(warning);
    ordered.push(warning);

    const text = truncating ? cut(warning) : warning;
    if (formatWarningHeader(text) === undefined) continue;
    const length = runes(text).length;
    if (truncating || written + length <= WARNING_TOTAL_RUNE_LIMIT) {
      written += length;
      sent.push(text);
      continue;
    }
    // Over the limit: start again with every warning so far cut to size.
    truncating = true;
    sent = ordered.map(cut).filter((t) => formatWarningHeader(t) !== undefined);
    written = sent.reduce((sum, t) => sum + runes(t).length, 0);
  }

  return { headers: sent.map((t) => formatWarningHeader(t) ?? ''), texts: sent, truncating };
}

/**
 * Can these received texts be missing something? Without truncation the total never passes
 * 4096 runes; with it, a cut warning is exactly 256 runes long and warnings are dropped only once
 * the total reached 4096. So either sign means "maybe"; a text that is naturally 256 runes long, or
 * a total of exactly 4096, gives a harmless false alarm.
 */
export function warningsMayBeIncomplete(texts: readonly string[]): boolean {
  const lengths = texts.map((t) => runes(t).length);
  const total = lengths.reduce((sum, n) => sum + n, 0);
  return total >= WARNING_TOTAL_RUNE_LIMIT || lengths.includes(WARNING_TRUNCATED_RUNES);
}

export interface ParsedWarningHeader {
  readonly warnings: WarningHeader[];
  /** Parsing stops at the first malformed warning in a header value. */
  readonly errors: string[];
}

/**
 * Node (http and fetch) hands header values over as one character per byte (latin1); UTF-8 text
 * must be decoded from those bytes. A value with characters above U+00FF was decoded already.
 */
function decodeHeaderText(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u00ff]/u.test(text)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** A quoted string with backslash escapes; returns the text and what follows the closing quote. */
function parseQuotedString(input: string): { text: string; rest: string } | string {
  if (input[0] !== '"') return 'invalid quoted string: missing initial quote';
  let text = '';
  let escaping = false;
  for (let i = 1; i < input.length; i++) {
    const c = input.charAt(i);
    if (c === '"' && !escaping) return { text, rest: trimSpace(input.slice(i + 1)) };
    if (c === '\\' && !escaping) {
      escaping = true;
      continue;
    }
    text += c;
    escaping = false;
  }
  return 'invalid quoted string: missing closing quote';
}

/** One warning from the front of a header value, and what is left after it (ParseWarningHeader). */
function parseOneWarning(header: string): { warning: WarningHeader; rest: string } | string {
  const trimmed = trimSpace(header);
  const firstSpace = trimmed.indexOf(' ');
  const secondSpace = firstSpace < 0 ? -1 : trimmed.indexOf(' ', firstSpace + 1);
  if (secondSpace < 0) return 'invalid warning header: fewer than 3 segments';
  const code = trimmed.slice(0, firstSpace);
  const rawAgent = trimmed.slice(firstSpace + 1, secondSpace);
  const textAndRest = trimmed.slice(secondSpace + 1);

  if (!/^[0-9]{3}$/.test(code)) return 'invalid warning header: code segment is not 3 digits between 100-299';
  if (rawAgent === '') return 'invalid warning header: empty agent segment';
  const agent = decodeHeaderText(rawAgent);
  if (agent === undefined || CONTROL.test(agent)) return 'invalid warning header: invalid agent';
  if (textAndRest === '') return 'invalid warning header: empty text segment';
  const quoted = parseQuotedString(textAndRest);
  if (typeof quoted === 'string') return `invalid warning header: ${quoted}`;
  // Upstream also tries RFC 2047 decoding (=?utf-8?q?...?=) for old-style senders. The apiserver
  // never encodes, so the text is kept exactly as the server wrote it.
  const text = decodeHeaderText(quoted.text);
  if (text === undefined || CONTROL.test(text)) return 'invalid warning header: invalid text';

  let rest = quoted.rest;
  if (rest.startsWith('"')) {
    const dateEnd = rest.indexOf('"', 1);
    if (dateEnd < 0) return 'invalid warning header: unterminated date segment';
    rest = trimSpace(rest.slice(dateEnd + 1));
  }
  if (rest !== '') {
    if (!rest.startsWith(',')) return 'invalid warning header: unexpected token after warn-date';
    rest = trimSpace(rest.slice(1));
  }
  return { warning: { code: Number(code), agent, text }, rest };
}

/**
 * Reads one `Warning` header value: `299 - "text"`, optionally with a quoted date, and possibly
 * several comma-separated warnings (Node joins repeated headers with ", "). Pass every value of a
 * header that came several times, or the joined value; the result is the same.
 */
export function parseWarningHeader(value: string): ParsedWarningHeader {
  const warnings: WarningHeader[] = [];
  const errors: string[] = [];
  let rest = value;
  while (rest.length > 0) {
    const parsed = parseOneWarning(rest);
    if (typeof parsed === 'string') {
      errors.push(parsed);
      break;
    }
    warnings.push(parsed.warning);
    rest = parsed.rest;
  }
  return { warnings, errors };
}
