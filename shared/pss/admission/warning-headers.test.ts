import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  formatWarningHeader,
  parseWarningHeader,
  warningsAsReceived,
  warningsMayBeIncomplete,
} from './warning-headers.ts';

/** A warning of exactly `length` runes, distinct per `id`. */
function warningOf(length: number, id: number): string {
  const prefix = `w${id}:`;
  return prefix + 'x'.repeat(length - prefix.length);
}

describe('warningsAsReceived', () => {
  it('passes warnings whole and in order while they fit', () => {
    // Prepare
    const warnings = ['existing pods in namespace "a" violate the new PodSecurity enforce level "restricted:latest"', 'web: allowPrivilegeEscalation != false'];

    // Act
    const received = warningsAsReceived(warnings);

    // Assess
    expect(received.texts).toEqual(warnings);
    expect(received.truncating).toBe(false);
  });

  it('sends each distinct text once', () => {
    expect(warningsAsReceived(['a', 'b', 'a']).texts).toEqual(['a', 'b']);
  });

  it('skips empty texts', () => {
    expect(warningsAsReceived(['', 'a']).texts).toEqual(['a']);
  });

  it('passes a total of exactly 4096 runes whole', () => {
    // Prepare
    const warnings = [warningOf(4000, 1), warningOf(96, 2)];

    // Act
    const received = warningsAsReceived(warnings);

    // Assess
    expect(received.texts).toEqual(warnings);
    expect(received.truncating).toBe(false);
  });

  it('cuts every warning, earlier ones included, to 256 runes once the total would pass 4096', () => {
    // Prepare
    const warnings = [warningOf(300, 1), warningOf(100, 2), warningOf(3800, 3)];

    // Act
    const received = warningsAsReceived(warnings);

    // Assess
    expect(received.truncating).toBe(true);
    expect(received.texts).toEqual([warningOf(300, 1).slice(0, 256), warningOf(100, 2), warningOf(3800, 3).slice(0, 256)]);
  });

  it('drops later warnings once the cut total reaches 4096', () => {
    // Prepare: 13 x 300 = 3900 fits; the 14th passes the limit; cut, 14 x 256 = 3584; two more reach 4096.
    const warnings = Array.from({ length: 20 }, (_, i) => warningOf(300, i));

    // Act
    const received = warningsAsReceived(warnings);

    // Assess
    expect(received.texts).toHaveLength(16);
    expect(received.texts.every((t) => t.length === 256)).toBe(true);
    expect(received.texts.at(-1)).toBe(warningOf(300, 15).slice(0, 256));
  });

  it('still sends the warning that takes a truncating total past 4096', () => {
    // Prepare: 2000 + 2000 fit; the 200-rune one passes 4096 and the cut total restarts at 256 + 256 + 200 = 712.
    const warnings = [warningOf(2000, 1), warningOf(2000, 2), warningOf(200, 3), ...Array.from({ length: 14 }, (_, i) => warningOf(256, 10 + i)), 'late'];

    // Act
    const received = warningsAsReceived(warnings);

    // Assess: after 13 more the total is 4040, so the 14th is sent (4296) and only then 'late' is dropped.
    expect(received.texts).toHaveLength(17);
    expect(received.texts).not.toContain('late');
  });

  it('counts runes, not bytes or UTF-16 units, and cuts on a rune boundary', () => {
    // Prepare: 300 astral characters (2 UTF-16 units, 4 UTF-8 bytes each) plus a filler over the limit.
    const astral = '😀'.repeat(300);
    const filler = warningOf(3900, 1);

    // Act
    const received = warningsAsReceived([astral, filler]);

    // Assess
    expect(received.texts[0]).toBe('😀'.repeat(256));
  });

  it('does not switch to truncating when rune counts fit even though bytes would not', () => {
    // Prepare: 2000 two-byte runes + 2000 three-byte runes = 10000 bytes but 4000 runes.
    const warnings = ['é'.repeat(2000), '€'.repeat(2000)];

    // Act / Assess
    expect(warningsAsReceived(warnings).truncating).toBe(false);
  });

  it('drops a text with control characters, which no header can carry', () => {
    expect(warningsAsReceived(['bad\ntext', 'ok']).texts).toEqual(['ok']);
  });

  it('judges a long text as it is sent: a control character past rune 256 is cut off once truncating', () => {
    // Prepare: refused whole, so it counts for nothing until the recorder truncates.
    const late = `${'x'.repeat(300)}\n`;
    const filler = warningOf(4000, 1);

    // Act
    const received = warningsAsReceived([late, filler, warningOf(300, 2)]);

    // Assess
    expect(received.truncating).toBe(true);
    expect(received.texts).toEqual(['x'.repeat(256), filler.slice(0, 256), warningOf(300, 2).slice(0, 256)]);
  });

  it('drops a text with a lone surrogate, which is not UTF-8', () => {
    expect(warningsAsReceived(['bad \ud800', 'ok']).texts).toEqual(['ok']);
  });
});

describe('formatWarningHeader', () => {
  it('uses code 299, agent "-" for none, and escapes quotes and backslashes only', () => {
    expect(formatWarningHeader('a "b" \\ c')).toBe('299 - "a \\"b\\" \\\\ c"');
  });

  it('gives the header value the apiserver writes', () => {
    expect(formatWarningHeader('pod "a": x')).toBe('299 - "pod \\"a\\": x"');
  });

  it('refuses control characters and an agent with spaces', () => {
    expect(formatWarningHeader('a\tb')).toBeUndefined();
    expect(formatWarningHeader('ok', 'my agent')).toBeUndefined();
  });
});

describe('parseWarningHeader', () => {
  it('reads code, agent and text', () => {
    expect(parseWarningHeader('299 - "existing pods violate"')).toEqual({
      warnings: [{ code: 299, agent: '-', text: 'existing pods violate' }],
      errors: [],
    });
  });

  it('reads several warnings joined with commas, commas inside quotes included', () => {
    // Act
    const parsed = parseWarningHeader('299 - "a: host namespaces, privileged", 299 - "b (and 1 other pod): runAsNonRoot != true"');

    // Assess
    expect(parsed.warnings.map((w) => w.text)).toEqual(['a: host namespaces, privileged', 'b (and 1 other pod): runAsNonRoot != true']);
  });

  it('undoes backslash escapes', () => {
    expect(parseWarningHeader('299 - "namespace \\"x\\" has \\\\ and \\q"').warnings[0]?.text).toBe('namespace "x" has \\ and q');
  });

  it('skips an optional quoted date', () => {
    // Act
    const parsed = parseWarningHeader('299 agent "one" "Wed, 21 Oct 2015 07:28:00 GMT", 199 - "two"');

    // Assess
    expect(parsed.warnings).toEqual([
      { code: 299, agent: 'agent', text: 'one' },
      { code: 199, agent: '-', text: 'two' },
    ]);
  });

  it('decodes UTF-8 text from the one-character-per-byte strings Node gives', () => {
    // Prepare: what node:http hands over for the bytes of `café`.
    const latin1 = `299 - "${Buffer.from('café', 'utf8').toString('latin1')}"`;

    // Act / Assess
    expect(parseWarningHeader(latin1).warnings[0]?.text).toBe('café');
  });

  it('reads what fetch hands over for a header the server wrote in UTF-8', async () => {
    // Prepare: a server writing the raw bytes Go's net/http would, on loopback.
    const response = Buffer.concat([
      Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\nWarning: 299 - "'),
      Buffer.from('café – 🐎', 'utf8'),
      Buffer.from('"\r\n\r\n'),
    ]);
    const server = createServer((socket) => socket.once('data', () => socket.end(response)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');

      // Act
      const header = (await fetch(`http://127.0.0.1:${address.port}/`)).headers.get('warning') ?? '';

      // Assess: one character per byte, and the parser makes text of it.
      expect(header).toBe(`299 - "${Buffer.from('café – 🐎', 'utf8').toString('latin1')}"`);
      expect(parseWarningHeader(header).warnings[0]?.text).toBe('café – 🐎');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('decodes UTF-8 in the agent too', () => {
    const agent = Buffer.from('agént', 'utf8').toString('latin1');
    expect(parseWarningHeader(`299 ${agent} "x"`).warnings[0]?.agent).toBe('agént');
  });

  it('reads every byte as one character, so text that is not UTF-8 is invalid', () => {
    // Prepare: the single byte 0xE9 (latin1 é) is not UTF-8.
    expect(parseWarningHeader('299 - "caf\u00e9"').errors).toEqual(['invalid warning header: invalid text']);
  });

  it('refuses a string with characters above U+00FF, which no Node header value holds', () => {
    expect(() => parseWarningHeader('299 - "😀"')).toThrow(TypeError);
    expect(() => parseWarningHeader('299 - "\u0100"')).toThrow(TypeError);
  });

  it('reads any three-digit code, as upstream does whatever its message says', () => {
    expect(parseWarningHeader('999 - "a", 000 - "b", 300 - "c"').warnings.map((w) => w.code)).toEqual([999, 0, 300]);
    expect(parseWarningHeader('2990 - "x"').errors).toEqual(['invalid warning header: code segment is not 3 digits between 100-299']);
  });

  it('reports a malformed warning and stops at it, keeping those before', () => {
    // Act
    const parsed = parseWarningHeader('299 - "ok", 299 - unquoted, 299 - "never read"');

    // Assess
    expect(parsed.warnings.map((w) => w.text)).toEqual(['ok']);
    expect(parsed.errors).toEqual(['invalid warning header: invalid quoted string: missing initial quote']);
  });

  it('reports each kind of malformed warning as upstream words it', () => {
    expect(parseWarningHeader('299 -').errors).toEqual(['invalid warning header: fewer than 3 segments']);
    expect(parseWarningHeader('99 - "x"').errors).toEqual(['invalid warning header: code segment is not 3 digits between 100-299']);
    expect(parseWarningHeader('299  "x"').errors).toEqual(['invalid warning header: empty agent segment']);
    expect(parseWarningHeader('299 - "x').errors).toEqual(['invalid warning header: invalid quoted string: missing closing quote']);
    expect(parseWarningHeader('299 - "x" "date').errors).toEqual(['invalid warning header: unterminated date segment']);
    expect(parseWarningHeader('299 - "x" junk').errors).toEqual(['invalid warning header: unexpected token after warn-date']);
    expect(parseWarningHeader('299 - "\\u0001"'.replace('\\u0001', '\u0001')).errors).toEqual(['invalid warning header: invalid text']);
  });

  it('reads back what warningsAsReceived sends', () => {
    // Prepare
    const texts = ['a "quoted", text', 'back\\slash', 'plain'];

    // Act
    const parsed = parseWarningHeader(warningsAsReceived(texts).texts.map((t) => formatWarningHeader(t)).join(', '));

    // Assess
    expect(parsed.warnings.map((w) => w.text)).toEqual(texts);
  });
});

describe('warningsMayBeIncomplete', () => {
  it('is false for short warnings', () => {
    expect(warningsMayBeIncomplete(['a', 'b'])).toBe(false);
  });

  it('is true when a warning is exactly 256 runes, the length of a cut one', () => {
    // Prepare
    const received = warningsAsReceived([warningOf(300, 1), warningOf(4000, 2)]).texts;

    // Act / Assess
    expect(warningsMayBeIncomplete(received)).toBe(true);
  });

  it('is true when the received total reached 4096 runes, after which warnings are dropped', () => {
    expect(warningsMayBeIncomplete(Array.from({ length: 17 }, (_, i) => warningOf(250, i)))).toBe(true);
  });

  it('is false for a long list that never needed cutting', () => {
    expect(warningsMayBeIncomplete(Array.from({ length: 16 }, (_, i) => warningOf(255, i)))).toBe(false);
  });
});
