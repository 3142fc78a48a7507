// psa-scan check as a gate fed hostile or unusual input (issue 10): empty input fails closed,
// sizes are bounded, YAML means what it means to kubectl, problems come in document order, and
// every object says on which line it starts.
import { describe, expect, it, vi } from 'vitest';
import { checkManifests, type ObjectResult } from '../../shared/cli/check-manifests.ts';
import { parseCheckArguments } from '../../shared/cli/check-options.ts';
import { EXIT_ALLOWED, EXIT_BAD_INPUT, EXIT_DENIED, runCli } from '../../shared/cli/run-cli.ts';
import { capturedIo, type FileContent } from './captured-io.ts';

async function run(argv: string[], files: Record<string, FileContent> = {}, stdin: FileContent = '') {
  const captured = capturedIo(files, stdin);
  const exitCode = await runCli(argv, captured.io);
  return { exitCode, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** The results of checking files, with the options a command line gives. */
async function results(args: string[], files: Record<string, FileContent>): Promise<ObjectResult[]> {
  const parsed = parseCheckArguments(args);
  if (parsed.outcome !== 'run') throw new Error(`bad arguments ${args.join(' ')}`);
  const outcome = await checkManifests(parsed.options, capturedIo(files).io);
  if (!outcome.ok) throw new Error(outcome.problems.map((p) => p.message).join('\n'));
  return [...outcome.results];
}

const pod = (name: string, securityContext = 'runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  securityContext: {${securityContext}}
  containers:
  - name: app
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;

describe('an input with no Kubernetes object fails closed', () => {
  it.each([
    ['an empty stream (a failed `helm template | psa-scan check -`)', ''],
    ['only spaces and newlines', '  \n\n'],
    ['only comments and separators', '# rendered nothing\n---\n---\n'],
  ])('refuses %s on stdin with exit 2', async (_case, stdin) => {
    expect(await run(['check', '-'], {}, stdin)).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: <stdin>: no Kubernetes objects in <stdin> (give --allow-empty to accept an input with none)\n',
    });
  });

  it('refuses an empty file among good ones: each input must hold an object', async () => {
    const result = await run(['check', 'good.yaml', 'empty.yaml'], { 'good.yaml': pod('a'), 'empty.yaml': '' });

    expect(result).toMatchObject({ exitCode: EXIT_BAD_INPUT, stdout: '' });
    expect(result.stderr).toBe('psa-scan: empty.yaml: no Kubernetes objects in empty.yaml (give --allow-empty to accept an input with none)\n');
  });

  it('accepts no objects with --allow-empty, and says 0 objects', async () => {
    expect(await run(['check', '--allow-empty', '-'], {}, '# nothing\n')).toEqual({
      exitCode: EXIT_ALLOWED,
      stdout: '0 objects, 0 denied, 0 not applicable at restricted:latest\n',
      stderr: '',
    });
  });

  it('counts a not-applicable object as an object', async () => {
    expect(await run(['check', '-'], {}, 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n')).toMatchObject({ exitCode: EXIT_ALLOWED });
  });

  it('reports an error while reading stdin as unreadable input, exit 2', async () => {
    const captured = capturedIo();
    const io = {
      ...captured.io,
      // eslint-disable-next-line require-yield -- fails before the first chunk
      openStdin: async function* (): AsyncGenerator<string> {
        throw Object.assign(new Error('read error'), { code: 'EIO' });
      },
    };

    expect(await runCli(['check', '-'], io)).toBe(EXIT_BAD_INPUT);
    expect(captured.stderr()).toBe('psa-scan: <stdin>: cannot read: read error\n');
  });
});

describe('the size of a document is bounded', () => {
  const big = `${pod('big').trimEnd()}\n  # ${'x'.repeat(2000)}\n`;

  it('refuses a document over --max-document-bytes with exit 2, naming the limit', async () => {
    const result = await run(['check', '--max-document-bytes', '1Ki', 'm.yaml'], { 'm.yaml': `${pod('small')}---\n${big}---\n${pod('after')}` });

    expect(result).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: m.yaml#1: document is larger than the limit of 1Ki (--max-document-bytes); the rest of the input is not read\n',
    });
  });

  it('refuses a JSON List over the limit the same way', async () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: 50 }, () => ({ kind: 'Service' })) });

    const result = await run(['check', '--max-document-bytes=512', 'l.json'], { 'l.json': list });

    expect(result.exitCode).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toBe('psa-scan: l.json#0: document is larger than the limit of 512 bytes (--max-document-bytes); the rest of the input is not read\n');
  });

  it('reads a document of exactly the limit', async () => {
    const text = pod('exact');

    const result = await run(['check', '--max-document-bytes', String(Buffer.byteLength(text)), 'e.yaml'], { 'e.yaml': text });

    expect(result).toMatchObject({ exitCode: EXIT_ALLOWED, stderr: '' });
  });

  it('measures the limit in UTF-8 bytes, not characters', async () => {
    const text = `${pod('wide').trimEnd()}\n  # ${'é'.repeat(300)}\n`;
    const limit = String(text.length + 10); // enough characters, too few bytes

    expect(await run(['check', '--max-document-bytes', limit, 'u.yaml'], { 'u.yaml': text })).toMatchObject({ exitCode: EXIT_BAD_INPUT });
  });

  it.each([['0'], ['-1'], ['1.5Mi'], ['64MB'], ['501Mi'], ['lots']])('refuses --max-document-bytes %s as a usage error', async (value) => {
    const result = await run(['check', '--max-document-bytes', value, 'a.yaml']);

    expect(result.exitCode).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(new RegExp(`^psa-scan: --max-document-bytes: Invalid value: "${value.replace('.', '\\.')}": must be `));
  });

  it('streams many documents arriving in small chunks', async () => {
    const stream = Array.from({ length: 300 }, (_, i) => pod(`p${i}`)).join('---\n');
    const chunks = stream.match(/[\s\S]{1,37}/g) ?? [];

    const { exitCode, stdout } = await run(['check', 'many.yaml'], { 'many.yaml': chunks });

    expect(exitCode).toBe(EXIT_ALLOWED);
    expect(stdout.endsWith('300 objects, 0 denied, 0 not applicable at restricted:latest\n')).toBe(true);
  });
});

describe('keys and time', () => {
  const manyKeys = (count: number, duplicate?: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: many\n  labels:\n${Array.from({ length: count }, (_, i) => `    key-${i}: v${i}\n`).join('')}${
      duplicate === undefined ? '' : `    ${duplicate}: again\n`
    }spec:\n  containers: [{name: a}]\n`;

  it('reads a mapping of 40,000 keys (about 549 KB)', async () => {
    const text = manyKeys(40_000);
    expect(text.length).toBeGreaterThan(500_000);

    expect(await run(['check', '--level', 'baseline', 'k.yaml'], { 'k.yaml': text })).toMatchObject({ exitCode: EXIT_ALLOWED, stderr: '' });
  });

  it('still refuses a duplicate key among 40,000, naming the field and its line', async () => {
    const result = await run(['check', 'k.yaml'], { 'k.yaml': manyKeys(40_000, 'key-17') });

    expect(result).toEqual({ exitCode: EXIT_BAD_INPUT, stdout: '', stderr: 'psa-scan: k.yaml#0: YAML error at line 40006: duplicate key metadata.labels.key-17\n' });
  });
});

describe('YAML as kubectl reads it', () => {
  const withRunAsUser = (value: string) => pod('u', `runAsNonRoot: true, runAsUser: ${value}, seccompProfile: {type: RuntimeDefault}`);

  it('keeps an unquoted date a string (a label value)', async () => {
    const text = pod('dated').replace('metadata: {name: dated}', 'metadata: {name: dated, labels: {released: 2024-01-01}}');

    expect(await run(['check', 'd.yaml'], { 'd.yaml': text })).toMatchObject({ exitCode: EXIT_ALLOWED, stderr: '' });
  });

  it('refuses runAsUser: 1:00, a string to go-yaml (not 60, as YAML 1.1 sexagesimal would have it)', async () => {
    expect(await run(['check', 'u.yaml'], { 'u.yaml': withRunAsUser('1:00') })).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: u.yaml#0: spec.securityContext.runAsUser must be an integer, found a string "1:00"\n',
    });
  });

  it.each([['0o0'], ['0x0'], ['0X0'], ['0b0'], ['0_0'], ['00'], ['-0'], ['0.0'], ['0e5']])(
    'reads runAsUser: %s as 0 (root), as Go does, and denies it',
    async (value) => {
      const result = await run(['check', 'u.yaml'], { 'u.yaml': withRunAsUser(value) });

      expect(result).toMatchObject({ exitCode: EXIT_DENIED, stderr: '' });
      expect(result.stdout).toContain('runAsUser: pod must not set runAsUser=0');
    },
  );

  it.each([['0o17'], ['0X1F'], ['0b101'], ['1_000'], ['017'], ['9223372036854775807']])('accepts runAsUser: %s as a valid int64', async (value) => {
    expect(await run(['check', 'u.yaml'], { 'u.yaml': withRunAsUser(value) })).toMatchObject({ exitCode: EXIT_ALLOWED, stderr: '' });
  });

  it.each([
    ['9223372036854775808', 'must be an integer, found a number 9223372036854775808'],
    ['1.5', 'must be an integer, found a number 1.5'],
    ['0x', 'must be an integer, found a string "0x"'],
  ])('refuses runAsUser: %s', async (value, message) => {
    const result = await run(['check', 'u.yaml'], { 'u.yaml': withRunAsUser(value) });

    expect(result).toEqual({ exitCode: EXIT_BAD_INPUT, stdout: '', stderr: `psa-scan: u.yaml#0: spec.securityContext.runAsUser ${message}\n` });
  });

  it.each([
    ['.inf', '.inf (infinity)'],
    ['-.Inf', '-.inf (minus infinity)'],
    ['.NaN', '.nan (not a number)'],
  ])('names %s as such: JSON cannot hold it, so kubectl refuses the document', async (value, named) => {
    const result = await run(['check', 'u.yaml'], { 'u.yaml': withRunAsUser(value) });

    expect(result).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: `psa-scan: u.yaml#0: YAML error at line 5: spec.securityContext.runAsUser is ${named}, which JSON cannot hold: kubectl refuses the document\n`,
    });
  });

  it('refuses a complex key with a message, and Node prints no warning', async () => {
    const warning = vi.spyOn(process, 'emitWarning');
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    ? [a, b]\n    : c\nspec: {}\n';

    const result = await run(['check', 'c.yaml'], { 'c.yaml': text });

    expect(result).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: c.yaml#0: YAML error at line 5: a mapping key in metadata.labels is a list: kubectl refuses complex keys\n',
    });
    expect(warning).not.toHaveBeenCalled();
    warning.mockRestore();
  });

  it('refuses invalid UTF-8 with its byte offset, after judging the documents before it', async () => {
    const bytes = Buffer.concat([Buffer.from(`${pod('fine')}---\nkind: Pod\nmetadata: {name: "`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);

    const result = await run(['check', 'bad.yaml'], { 'bad.yaml': [new Uint8Array(bytes)] });

    expect(result).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: `psa-scan: bad.yaml#0: not valid UTF-8 (byte offset ${bytes.indexOf(0xc3)}); the rest of the input is not read\n`,
    });
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from(pod('café'));
    const at = bytes.indexOf(0xc3) + 1; // between the two bytes of é

    const result = await run(['check', 's.yaml'], { 's.yaml': [new Uint8Array(bytes.subarray(0, at)), new Uint8Array(bytes.subarray(at))] });

    expect(result).toMatchObject({ exitCode: EXIT_ALLOWED, stdout: expect.stringMatching(/Pod "?café"?: ALLOWED/) });
  });

  it('refuses a document separator followed by content, as kubectl does', async () => {
    const result = await run(['check', 's.yaml'], { 's.yaml': `${pod('a')}--- {kind: Pod}\n` });

    expect(result).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: s.yaml#1: invalid document separator at line 9: "---" may be followed only by spaces or a comment\n',
    });
  });
});

describe('problems in document order', () => {
  it('reports every problem of a multi-document input in the order of its documents', async () => {
    const text = [
      'apiVersion: apps/v1\nkind: Deployment\nspec: {template: {spec: {hostPID: "yes"}}}\n',
      'kind: [unclosed\n',
      'apiVersion: v1\nkind: List\nitems:\n  - {kind: Pod, spec: {hostIPC: 1}}\n  - {apiVersion: v1}\n',
      'metadata: {name: x}\n',
    ].join('---\n');

    const result = await run(['check', 'o.yaml'], { 'o.yaml': text });

    expect(result.stderr.split('\n')).toEqual([
      'psa-scan: o.yaml#0: spec.template.spec.hostPID must be a boolean, found a string "yes"',
      expect.stringMatching(/^psa-scan: o\.yaml#1: YAML syntax error at line 6, column \d+: /),
      'psa-scan: o.yaml#2.0: spec.hostIPC must be a boolean, found a number 1',
      'psa-scan: o.yaml#2.1: missing kind',
      'psa-scan: o.yaml#3: missing kind',
      '',
    ]);
  });
});

describe('where each object starts', () => {
  it('gives the line of each YAML document and of each List item', async () => {
    const text = '# leading comment\n\napiVersion: v1\nkind: Service\n---\n\n# a comment\nkind: List\nitems:\n- kind: Service\n- {kind: ConfigMap}\n-   kind: Secret\n';

    const found = await results(['f.yaml'], { 'f.yaml': text });

    expect(found.map(({ index, item, line, kind }) => ({ index, item, line, kind }))).toEqual([
      { index: 0, item: null, line: 3, kind: 'Service' },
      { index: 1, item: 0, line: 10, kind: 'Service' },
      { index: 1, item: 1, line: 11, kind: 'ConfigMap' },
      { index: 1, item: 2, line: 12, kind: 'Secret' },
    ]);
  });

  it('gives the lines of the general YAML path too (anchors make it leave the fast one)', async () => {
    const text = 'kind: List\nx: &svc Service\nitems:\n  - kind: *svc\n  -\n    kind: Secret\n';

    const found = await results(['g.yaml'], { 'g.yaml': text });

    expect(found.map(({ item, line }) => [item, line])).toEqual([
      [0, 4],
      [1, 6],
    ]);
  });

  it('gives the line of each JSON value and of each item of a JSON List', async () => {
    const list = JSON.stringify({ apiVersion: 'v1', items: [{ kind: 'Service' }, { kind: 'Secret' }], kind: 'List' }, null, 4);
    const text = `\n${list}\n{"kind": "ConfigMap"}\n`;

    const found = await results(['j.json'], { 'j.json': text });

    expect(found.map(({ index, item, line, kind }) => ({ index, item, line, kind }))).toEqual([
      { index: 0, item: 0, line: 5, kind: 'Service' },
      { index: 0, item: 1, line: 8, kind: 'Secret' },
      { index: 1, item: null, line: 14, kind: 'ConfigMap' },
    ]);
  });

  it('reads a JSON List item by item, each with the kind of a typed list', async () => {
    const list = { apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'a' }, spec: { hostPID: true } }, { metadata: { name: 'b' } }] };

    const found = await results(['--level', 'baseline', 'p.json'], { 'p.json': JSON.stringify(list).match(/[\s\S]{1,5}/g) ?? [] });

    expect(found.map((r) => [r.kind, r.name, r.applicable && r.verdict.allowed])).toEqual([
      ['Pod', 'a', false],
      ['Pod', 'b', true],
    ]);
  });

  it('names the line and column of a JSON syntax error inside a List item read in chunks', async () => {
    const text = '{"apiVersion": "v1", "kind": "List", "items": [\n  {"kind": "Service"},\n  {"kind": "Secret",, "x": 1}\n]}\n';

    const result = await run(['check', 'bad.json'], { 'bad.json': text.match(/[\s\S]{1,4}/g) ?? [] });

    expect(result).toMatchObject({ exitCode: EXIT_BAD_INPUT, stdout: '' });
    expect(result.stderr).toMatch(/^psa-scan: bad\.json#0\.1: JSON syntax error at line 3, column 21: /);
  });

  it('counts the column of a JSON syntax error in characters, as JavaScript counts them, wherever the line starts', async () => {
    const errorOf = async (text: string) => (await run(['check', 'w.json'], { 'w.json': [Buffer.from(text)] })).stderr;

    // In an item, after two- and four-byte characters (😀 is two UTF-16 code units).
    expect(await errorOf('{"kind": "List", "items": [{"kind": "Service", "é😀": 1 x}]}')).toBe(
      "psa-scan: w.json#0.0: JSON syntax error at line 1, column 57: Expected ',' or '}' after property value\n",
    );
    // In the List around the items, after them.
    expect(await errorOf('{"kind": "List",\n "items": [{"kind": "Service"}], "é😀": 1 2}')).toBe(
      "psa-scan: w.json#0: JSON syntax error at line 2, column 43: Expected ',' or '}' after property value\n",
    );
    // In an item that starts after another one on the same line.
    expect(await errorOf('{"kind": "List", "items": [\n  "日本", {"a": 1,, "b": 2}]}')).toMatch(
      /^psa-scan: w\.json#0\.0: expected a Kubernetes object, found a string\npsa-scan: w\.json#0\.1: JSON syntax error at line 2, column 17: Expected double-quoted property name\n$/,
    );
  });

  it('reads a JSON stream the same however its bytes are cut, multi-byte characters and a byte order mark included', async () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ['é', '日本', '😀'].map((name) => ({ kind: 'ConfigMap', metadata: { name } })) }, null, 4);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`\n${list}\n{"kind": "Secret", "metadata": {"name": "ü"}}`)]);
    const expected = [
      { index: 0, item: 0, line: 6, name: 'é' },
      { index: 0, item: 1, line: 12, name: '日本' },
      { index: 0, item: 2, line: 18, name: '😀' },
      { index: 1, item: null, line: 26, name: 'ü' },
    ];

    for (const size of [1, 2, 3, 5, 64, bytes.length]) {
      const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => new Uint8Array(bytes.subarray(i * size, (i + 1) * size)));

      const found = await results(['c.json'], { 'c.json': chunks });

      expect(found.map(({ index, item, line, name }) => ({ index, item, line, name })), `chunks of ${size} bytes`).toEqual(expected);
    }
  });

  it('refuses invalid UTF-8 in a JSON stream with its byte offset, and one that ends inside a character', async () => {
    const good = Buffer.from('{"kind": "Secret", "metadata": {"name": "a"}}\n');
    const bad = Buffer.concat([good, Buffer.from('{"kind": "Secret", "metadata": {"name": "'), Buffer.from([0xe2, 0x28, 0xa1]), Buffer.from('"}}')]);

    expect((await run(['check', 'b.json'], { 'b.json': [new Uint8Array(bad.subarray(0, 50)), new Uint8Array(bad.subarray(50))] })).stderr).toBe(
      `psa-scan: b.json#1: not valid UTF-8 (byte offset ${bad.indexOf(0xe2)}); the rest of the input is not read\n`,
    );
    const cut = Buffer.concat([good, Buffer.from([0xc3])]);
    expect((await run(['check', 'c.json'], { 'c.json': [new Uint8Array(cut)] })).stderr).toBe(
      `psa-scan: c.json#1: not valid UTF-8 (byte offset ${cut.length}): the input ends inside a character\n`,
    );
  });

  it('checks the items of a JSON List written under an escaped `items` key (the last `items` wins, as in Go)', async () => {
    const privileged = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hidden' }, spec: { containers: [{ name: 'a', securityContext: { privileged: true } }] } };
    const text = `{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "decoy"}}], "it\\u0065ms": [${JSON.stringify(privileged)}]}`;

    const result = await run(['check', '--level', 'baseline', 'e.json'], { 'e.json': text });

    expect(result).toMatchObject({ exitCode: EXIT_DENIED, stdout: expect.stringContaining('Pod hidden: DENIED') });
  });

  it('keeps a JSON integer past 2^53 exact', async () => {
    const text = (user: string) => `{"apiVersion": "v1", "kind": "Pod", "spec": {"securityContext": {"runAsUser": ${user}}, "containers": [{"name": "a"}]}}`;

    expect(await run(['check', '--level', 'baseline', 'a.json'], { 'a.json': text('9223372036854775807') })).toMatchObject({ exitCode: EXIT_ALLOWED });
    expect(await run(['check', '--level', 'baseline', 'b.json'], { 'b.json': text('9223372036854775808') })).toMatchObject({
      exitCode: EXIT_BAD_INPUT,
      stderr: 'psa-scan: b.json#0: spec.securityContext.runAsUser must be an integer, found a number 9223372036854775808\n',
    });
  });
});
