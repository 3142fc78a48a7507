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
  /** The texts of the `Warning` headers, in order (formatWarningHeader gives a header value). */
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

/** A warning as the recorder holds it: its runes, and how many of them a header can carry. */
interface Recorded {
  readonly text: string;
  readonly runes: readonly string[];
  /** The length of the longest prefix NewWarningHeader accepts (every rune, if the whole text). */
  readonly acceptableRunes: number;
}

function record(text: string): Recorded {
  const r = runes(text);
  // Array.from splits by code point, so a lone surrogate (not UTF-8) is a rune of its own.
  const bad = r.findIndex((rune) => !rune.isWellFormed() || CONTROL.test(rune));
  return { text, runes: r, acceptableRunes: bad < 0 ? r.length : bad };
}

/** The text the recorder sends for a warning, cut to 256 runes once truncating; undefined if no header can carry it. */
function sendable(warning: Recorded, truncating: boolean): string | undefined {
  const cutting = truncating && warning.runes.length > WARNING_TRUNCATED_RUNES;
  const length = cutting ? WARNING_TRUNCATED_RUNES : warning.runes.length;
  if (warning.acceptableRunes < length) return undefined;
  return cutting ? warning.runes.slice(0, WARNING_TRUNCATED_RUNES).join('') : warning.text;
}

/**
 * What a client receives when an admission plugin (agent "", as PodSecurity uses) adds these
 * warnings to one response. Empty and repeated texts are skipped. While the running total of runes
 * stays within 4096 each warning passes whole. The warning that would pass the limit switches the
 * recorder to truncating: every warning so far, and each later one, is cut to 256 runes, and the
 * total restarts from the cut lengths. Once that total reaches 4096, later warnings are dropped.
 * A text the header syntax refuses (control characters) is dropped silently; a long one is
 * judged as it is sent, so cutting can make it acceptable (apiserver filters/warning.go AddWarning).
 */
export function warningsAsReceived(warnings: readonly string[]): ReceivedWarnings {
  const recorded = new Set<string>();
  const ordered: Recorded[] = [];
  let sent: string[] = [];
  let written = 0;
  let truncating = false;

  for (const warning of warnings) {
    if (warning === '') continue;
    if (truncating && written >= WARNING_TOTAL_RUNE_LIMIT) continue;
    if (recorded.has(warning)) continue;
    recorded.add(warning);
    const entry = record(warning);
    ordered.push(entry);

    const text = sendable(entry, truncating);
    if (text === undefined) continue;
    const length = truncating ? Math.min(entry.runes.length, WARNING_TRUNCATED_RUNES) : entry.runes.length;
    if (truncating || written + length <= WARNING_TOTAL_RUNE_LIMIT) {
      written += length;
      sent.push(text);
      continue;
    }
    // Over the limit: start again with every warning so far cut to size.
    truncating = true;
    sent = [];
    written = 0;
    for (const earlier of ordered) {
      const cut = sendable(earlier, true);
      if (cut === undefined) continue;
      sent.push(cut);
      written += Math.min(earlier.runes.length, WARNING_TRUNCATED_RUNES);
    }
  }

  return { texts: sent, truncating };
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
 * The input contract of parseWarningHeader: a header value as Node hands it over, from fetch
 * (undici) and node:http alike, is a byte string: one character per byte received, U+0000..U+00FF
 * (checked on Node 24: the UTF-8 bytes of `é` arrive as "\u00c3\u00a9"). A string with any
 * character above U+00FF did not come from Node and is refused with a TypeError.
 */
// eslint-disable-next-line no-control-regex
const BYTE_STRING = /^[\u0000-\u00ff]*$/u;

// Header values are byte strings (BYTE_STRING): without a byte above 0x7f they are ASCII.
const NON_ASCII_BYTE = /[\u0080-\u00ff]/u;
// One decoder for every header: decode() without `stream` starts afresh each call, and a fatal
// decoder throws on bytes that are not UTF-8 (a scan reads thousands of warnings).
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes of a byte string, read as UTF-8 the way Go reads the string; undefined if not UTF-8. */
function decodeHeaderText(bytes: string): string | undefined {
  if (!NON_ASCII_BYTE.test(bytes)) return bytes; // ASCII is its own UTF-8: most warnings are
  try {
    return UTF8.decode(Buffer.from(bytes, 'latin1'));
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

  // Upstream's message names 100-299, but its check (codeMatcher) is only `^[0-9]{3}$`: it reads
  // 000..999, so this does too.
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
 * header that came several times, or the joined value; the result is the same. The value must be
 * the byte string fetch or node:http gives (see BYTE_STRING); agent and text are decoded as UTF-8.
 */
export function parseWarningHeader(value: string): ParsedWarningHeader {
  if (!BYTE_STRING.test(value)) {
    throw new TypeError('parseWarningHeader: expected the header value as Node gives it, one character (U+0000..U+00FF) per byte');
  }
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
