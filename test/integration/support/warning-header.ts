// Parsing HTTP `Warning` headers (RFC 7234 §5.5) as the apiserver writes them:
// `299 - "text"`, text a quoted-string with `"` and `\` escaped (apimachinery
// pkg/util/net/http.go NewWarningHeader). fetch joins repeated headers with ", ", and warning
// texts contain commas, so the list is split by the grammar, not by commas.

const WARNING_VALUE = /\s*(\d{3}) (\S+) "((?:[^"\\]|\\.)*)"(?: "[^"]*")?\s*(?:,|$)/y;

export function parseWarningHeader(header: string | undefined): string[] {
  if (header === undefined || header.trim() === '') return [];
  const texts: string[] = [];
  WARNING_VALUE.lastIndex = 0;
  while (WARNING_VALUE.lastIndex < header.length) {
    const start = WARNING_VALUE.lastIndex;
    const match = WARNING_VALUE.exec(header);
    if (match === null) throw new Error(`malformed Warning header at offset ${start}: ${header.slice(start, start + 80)}`);
    texts.push((match[3] ?? '').replace(/\\(.)/g, '$1'));
  }
  return texts;
}
