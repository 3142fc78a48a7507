// Output that input cannot forge: names, namespaces, kinds, container names, file names and
// every value a check quotes are printed so that a newline cannot add a report line, a terminal
// escape cannot erase or recolour one, and a bidi override cannot reorder one.
import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_DENIED, runCli } from '../../shared/cli/run-cli.ts';
import { safeJson, safeName, safePath, safeText } from '../../shared/cli/safe-text.ts';
import { isGoPrintable } from '../../shared/pss/checks/go-printable.ts';
import { createRng } from '../generators/pod-generator.ts';
import { capturedIo } from './captured-io.ts';

async function run(argv: string[], files: Record<string, string> = {}) {
  const captured = capturedIo(files);
  const exitCode = await runCli(argv, captured.io);
  return { exitCode, stdout: captured.stdout(), stderr: captured.stderr() };
}

/**
 * What a terminal or a log viewer could act on: C0 and C1 controls (a newline included: every
 * line break in the expected output is checked by comparing lines), DEL, the bidi controls and
 * the Unicode line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is what this test is about
const ACTIVE_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

// Double-quoted YAML, so the manifest really holds ESC, CR, BEL, a newline and U+202E.
const HOSTILE = String.raw`apiVersion: v1
kind: Pod
metadata:
  name: "evil\nhostile.yaml#9 Pod ok/fine: ALLOWED at baseline:latest"
  namespace: "\e[2K\rshop"
spec:
  hostNetwork: true
  securityContext:
    sysctls: [{name: "kernel.x\e]0;pwned\a"}]
  containers:
    - name: "app\u202e"
      image: x
      securityContext:
        privileged: true
---
kind: "Pod\e[31m"
metadata: {name: "a b"}
`;

describe('psa-scan check, text output from hostile input', () => {
  it('prints each name, namespace, kind and detail quoted and escaped, one line each', async () => {
    // Act
    const result = await run(['check', '--level', 'baseline', 'hostile.yaml'], { 'hostile.yaml': HOSTILE });

    // Assess: the exact report, and nothing in it a terminal would act on.
    expect(result.exitCode).toBe(EXIT_DENIED);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toEqual([
      String.raw`hostile.yaml#0 Pod "\x1b[2K\rshop"/"evil\nhostile.yaml#9 Pod ok/fine: ALLOWED at baseline:latest": DENIED at baseline:latest`,
      '  hostNamespaces: hostNetwork=true',
      String.raw`  privileged: "container \"app\u202e\" must not set securityContext.privileged=true"`,
      String.raw`  sysctls: "kernel.x\x1b]0;pwned\a"`,
      String.raw`hostile.yaml#1 "Pod\x1b[31m" "a b": NOT APPLICABLE ("Pod\x1b[31m has no pod template")`,
      '2 objects, 1 denied, 1 not applicable at baseline:latest',
      '',
    ]);
    expect(result.stdout).not.toMatch(ACTIVE_CHARACTER);
  });

  it('cannot be made to print a line starting with a file name of its own choosing', async () => {
    const forged = 'ok.yaml#0 Pod shop/app: ALLOWED at restricted:latest';
    const manifest = `apiVersion: v1\nkind: Pod\nmetadata: {name: "x\\n${forged}\\r${forged}"}\nspec: {hostPID: true}\n`;

    const { stdout } = await run(['check', 'pod.yaml'], { 'pod.yaml': manifest });

    for (const line of stdout.split('\n')) expect(line.startsWith('ok.yaml')).toBe(false);
    expect(stdout.split('\n').filter((line) => line.includes('ALLOWED'))).toHaveLength(1);
  });

  it('leaves plain Kubernetes names, kinds, paths and details exactly as they were', async () => {
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-1.v2, namespace: team-a}\nspec: {template: {spec: {hostIPC: true}}}\n';

    const { stdout } = await run(['check', '--level', 'baseline', 'deploy/app_v1.yaml'], { 'deploy/app_v1.yaml': manifest });

    expect(stdout).toBe(
      'deploy/app_v1.yaml#0 Deployment team-a/web-1.v2: DENIED at baseline:latest\n  hostNamespaces: hostIPC=true\n1 object, 1 denied, 0 not applicable at baseline:latest\n',
    );
  });
});

describe('psa-scan check, stderr from hostile input', () => {
  it('quotes a problem that repeats an input key, and a file name, on one line each', async () => {
    const bad = String.raw`apiVersion: v1
kind: Pod
metadata:
  annotations: {"container.apparmor.security.beta.kubernetes.io/a\nb": true}
`;

    const result = await run(['check', 'bad.yaml', 'x\n\u001b[1A.yaml'], { 'bad.yaml': bad });

    expect(result).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: [
        String.raw`psa-scan: bad.yaml#0: "metadata.annotations[container.apparmor.security.beta.kubernetes.io/a\nb] must be a string, found a boolean true"`,
        String.raw`psa-scan: "x\n\x1b[1A.yaml": cannot read: file does not exist`,
        '',
      ].join('\n'),
    });
  });

  it('quotes an unknown option that holds an escape sequence in the usage error', async () => {
    const { exitCode, stderr } = await run(['check', '--\u001b[2J', 'a.yaml']);

    expect(exitCode).toBe(EXIT_BAD_INPUT);
    expect(stderr.split('\n')[0]).toBe(String.raw`psa-scan: "unknown option --\x1b[2J"`);
    expect(stderr).not.toMatch(ACTIVE_CHARACTER);
  });
});

describe('psa-scan check, JSON output from hostile input', () => {
  it('keeps every value exactly and writes no active character raw', async () => {
    const { exitCode, stdout } = await run(['check', '--format', 'json', 'hostile.yaml'], { 'hostile.yaml': HOSTILE });

    expect(exitCode).toBe(EXIT_DENIED);
    expect(stdout).not.toMatch(ACTIVE_CHARACTER);
    const report = JSON.parse(stdout) as { results: { name: string; namespace: string; kind: string; violations: { detail: string }[] }[] };
    expect(report.results[0]).toMatchObject({ name: 'evil\nhostile.yaml#9 Pod ok/fine: ALLOWED at baseline:latest', namespace: '\u001b[2K\rshop' });
    expect(report.results[0]?.violations.map((v) => v.detail)).toContain('container "app\u202e" must not set securityContext.privileged=true');
    expect(report.results[1]?.kind).toBe('Pod\u001b[31m');
  });
});

describe('safe-text', () => {
  it.each([
    ['web-1', 'web-1'],
    ['kube-system', 'kube-system'],
    ['system:node', 'system:node'],
    ['', '""'],
    ['a b', '"a b"'],
    ['(unnamed)', '"(unnamed)"'],
    ['ns/name', '"ns/name"'],
    ['"quoted"', String.raw`"\"quoted\""`],
    ['tab\there', String.raw`"tab\there"`],
    ['é', '"é"'],
    ['\u0085next-line', String.raw`"\u0085next-line"`],
  ])('safeName(%j) is %s', (value, shown) => {
    expect(safeName(value)).toBe(shown);
  });

  it.each([
    ['test/examples/app.yaml', 'test/examples/app.yaml'],
    ['<stdin>', '<stdin>'],
    ['../up/one.yaml', '../up/one.yaml'],
    ['my dir/a.yaml', '"my dir/a.yaml"'],
    ['a#1.yaml', '"a#1.yaml"'],
    ['C:\\x.yaml', String.raw`"C:\\x.yaml"`],
  ])('safePath(%j) is %s', (value, shown) => {
    expect(safePath(value)).toBe(shown);
  });

  it.each([
    ['container "a" must not set securityContext.privileged=true', 'container "a" must not set securityContext.privileged=true'],
    ['日本 and ü stay as they are', '日本 and ü stay as they are'],
    ['"x" starts with a quote', String.raw`"\"x\" starts with a quote"`],
    ['line\u2028separator', String.raw`"line\u2028separator"`],
    ['zero\u200bwidth', String.raw`"zero\u200bwidth"`],
    ['rtl\u2067isolate', String.raw`"rtl\u2067isolate"`],
    ['bell\u0007', String.raw`"bell\a"`],
    ['soft\u00adhyphen', String.raw`"soft\u00adhyphen"`],
  ])('safeText(%j) is %s', (value, shown) => {
    expect(safeText(value)).toBe(shown);
  });

  it('never lets an active character through, and never shows two different strings alike', () => {
    // Prepare: random strings over a pool rich in controls, bidi, quotes, backslashes and astral characters.
    const rng = createRng(0x5afe);
    const pool = [...'ab/:." \\\n\r\t\u0000\u001b\u007f\u0085\u009b\u00a0\u00ad\u061c\u200b\u200e\u2028\u202e\u2066\ufeff\ufffd', '\u{1F600}', '\u{E0001}', 'é', '日'];
    const inputs = new Set<string>();
    for (let i = 0; i < 5000; i++) inputs.add(Array.from({ length: 1 + rng.int(8) }, () => rng.pick(pool)).join(''));

    for (const render of [safeName, safePath, safeText]) {
      const shown = new Map<string, string>();
      for (const input of inputs) {
        // Act
        const output = render(input);

        // Assess
        expect(output).not.toMatch(ACTIVE_CHARACTER);
        expect(shown.get(output) ?? input, `${render.name} shows ${JSON.stringify(input)} like another string`).toBe(input);
        shown.set(output, input);
      }
    }
  });

  it('safeJson keeps the value and escapes what JSON.stringify leaves raw', () => {
    const value = { name: 'a\u202eb\u0085c\u2028d\u007f', astral: '\u{E0001}\u{1F600}', plain: 'é日"\\' };

    const text = safeJson(value, 2);

    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(ACTIVE_CHARACTER);
    expect(text).toContain(String.raw`"a\u202eb\u0085c\u2028d\u007f"`);
    expect(text).toContain(String.raw`"\udb40\udc01😀"`);
    expect(text).toContain('"é日\\"\\\\"');
  });

  it('safeJson escapes exactly what a code-point-wise replace would, lone surrogates included', () => {
    // The plain definition: every code point outside printable ASCII and \n that Go would not print.
    const reference = (value: unknown) =>
      JSON.stringify(value, null, 2).replace(/[^\x20-\x7e\n]/gu, (character) =>
        isGoPrintable(character.codePointAt(0) ?? 0)
          ? character
          : [...Array(character.length).keys()].map((i) => `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
      );
    const rng = createRng(0x150a);
    const pool = [...'a"\\\n\u007f\u0085\u00e9\u200e\u2028\ufeff\ud800\udbff\udc00\udfff', '\u{1F600}', '\u{E0001}', '日'];

    for (let i = 0; i < 3000; i++) {
      const value = { text: Array.from({ length: 1 + rng.int(8) }, () => rng.pick(pool)).join(''), n: i };

      expect(safeJson(value, 2)).toBe(reference(value));
    }
  });
});
