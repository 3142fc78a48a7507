// Input-derived text in every report psa-scan prints. A manifest can put any Unicode in a name, a
// namespace, a kind, a container name or a value a check quotes in its detail (and a file name
// comes from whoever named the file): a newline or a carriage return would let it print a forged
// "ALLOWED" line, an ANSI escape sequence could erase or recolour lines in a terminal or CI log,
// and a bidi override could make text read differently from what it is.
//
// The rule, one for every report: a value is printed as it is when it is plainly safe, and
// otherwise as a Go-quoted string (`"a\nb"`, `"\x1b[2K"`, `"\u202e"`), the form the apiserver uses
// for such values (Go's %q). Quoting the whole value, rather than escaping characters in place,
// keeps the output unambiguous: a bare value never starts with `"`, so a quoted one always
// means "this was escaped", and a literal backslash inside it is written `\\`.
import { goQuote } from '../pss/checks/detail-format.ts';
import { isGoPrintable } from '../pss/checks/go-printable.ts';

/**
 * What may stand bare in a report line's fixed structure (`FILE#INDEX KIND NAMESPACE/NAME:`):
 * the characters of Kubernetes names and kinds. Anything else, a space, `/`, `#` or `(` included,
 * is quoted, so that `(unnamed)`, `ns/name` and `: ALLOWED` cannot be imitated.
 */
const BARE_NAME = /^[A-Za-z0-9._:-]+$/;
/** The same for file paths, which also hold `/`, and `<stdin>` (the name psa-scan gives standard input). */
const BARE_PATH = /^[A-Za-z0-9._:/<>@%+=,~-]+$/;

/** A kind, namespace or name for a report line: bare when made of name characters only. */
export function safeName(value: string): string {
  return BARE_NAME.test(value) ? value : goQuote(value);
}

/** A file path for a report line: bare when made of name and path characters only. */
export function safePath(value: string): string {
  return BARE_PATH.test(value) ? value : goQuote(value);
}

/**
 * Free text that quotes input (a check's detail, an input problem, a not-applicable reason): bare
 * when every character is printable by Go's strconv.IsPrint (no control, format, bidi or line
 * separator characters, no unassigned code points) and it does not start with `"`.
 */
export function safeText(value: string): string {
  return isPrintable(value) && !value.startsWith('"') ? value : goQuote(value);
}

function isPrintable(value: string): boolean {
  for (const character of value) {
    const codePoint = character.codePointAt(0) ?? 0;
    // Fast path for plain ASCII; the table lookup for the rest.
    if (codePoint >= 0x20 && codePoint < 0x7f) continue;
    if (!isGoPrintable(codePoint)) return false;
  }
  return true;
}

/**
 * JSON text whose strings carry no raw character a terminal could act on. JSON.stringify escapes
 * only U+0000-U+001F, so DEL, the C1 controls (U+009B is CSI in some terminals), bidi overrides
 * and U+2028/U+2029 would pass through raw into a log; this writes each as a \uXXXX escape. The
 * parsed value is unchanged.
 */
export function safeJson(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent);
  // Most of a report is printable: the text is copied only when something in it is escaped.
  let escaped = '';
  let from = 0;
  NOT_ASCII.lastIndex = 0;
  for (let match = NOT_ASCII.exec(json); match !== null; match = NOT_ASCII.exec(json)) {
    const character = match[0];
    if (isGoPrintable(character.codePointAt(0) ?? 0)) continue;
    // An astral character is two UTF-16 code units, each escaped (JSON has no \u{...}).
    escaped += json.slice(from, match.index) + [...Array(character.length).keys()].map((i) => unicodeEscape(character.charCodeAt(i))).join('');
    from = match.index + character.length;
  }
  return from === 0 ? json : escaped + json.slice(from);
}

/**
 * A character outside printable ASCII and the newline: a surrogate pair as one, as a lone
 * surrogate. Without the `u` flag, which makes the scan several times slower.
 */
const NOT_ASCII = /[\ud800-\udbff][\udc00-\udfff]|[^\x20-\x7e\n]/g;

function unicodeEscape(unit: number): string {
  return `\\u${unit.toString(16).padStart(4, '0')}`;
}
