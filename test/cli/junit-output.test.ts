// `psa-scan check --format junit`, parsed back: well-formed XML 1.0 whatever the input holds,
// one testsuite per file and one testcase per object (failure, pass or skipped).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { EXIT_ALLOWED, EXIT_BAD_INPUT, EXIT_DENIED, runCli } from '../../shared/cli/run-cli.ts';
import { capturedIo, type FileContent } from './captured-io.ts';

const COMPLIANT = 'test/examples/compliant-deployment.yaml';
const MIXED = 'test/examples/noncompliant-mixed.yaml';

interface Testcase {
  '@_classname': string;
  '@_name': string;
  '@_file': string;
  '@_line': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  skipped?: { '@_message': string };
}
interface Testsuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_skipped': string;
  '@_errors': string;
  properties: { property: { '@_name': string; '@_value': string }[] };
  testcase: Testcase[];
}
interface Report {
  testsuites: { '@_name': string; '@_tests': string; '@_failures': string; '@_skipped': string; '@_errors': string; testsuite?: Testsuite[] };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseAttributeValue: false,
  parseTagValue: false,
  // Pretty-printing whitespace between elements is not content; the failure body has none at its ends.
  trimValues: true,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

/** XML 1.0's Char production: anything else cannot appear in a document, not even as &#N;. */
// eslint-disable-next-line no-control-regex -- the production is defined by control characters
const NOT_XML_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

async function junit(argv: string[], files: Record<string, FileContent> = {}) {
  const captured = capturedIo(files);
  const exitCode = await runCli(['check', '--format', 'junit', ...argv], captured.io);
  const xml = captured.stdout();
  return { exitCode, xml, stderr: captured.stderr() };
}

function parse(xml: string): Report['testsuites'] {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(NOT_XML_CHAR);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  return (parser.parse(xml) as Report).testsuites;
}

describe('psa-scan check --format junit', () => {
  it('writes a testsuite per file and a testcase per object: failed, passed or skipped', async () => {
    // Act
    const { exitCode, xml, stderr } = await junit(['--level', 'baseline', MIXED, COMPLIANT]);

    // Assess
    expect(exitCode).toBe(EXIT_DENIED);
    expect(stderr).toBe('');
    const report = parse(xml);
    expect(report).toMatchObject({ '@_name': 'psa-scan check at baseline:latest', '@_tests': '4', '@_failures': '1', '@_skipped': '1', '@_errors': '0' });
    const [mixed, compliant] = report.testsuite ?? [];
    expect(mixed).toMatchObject({ '@_name': MIXED, '@_tests': '3', '@_failures': '1', '@_skipped': '1' });
    expect(mixed?.properties.property).toEqual([{ '@_name': 'policy', '@_value': 'baseline:latest' }]);
    expect(mixed?.testcase).toEqual([
      {
        '@_classname': MIXED,
        '@_name': 'Pod shop/debug-shell (document 0)',
        '@_file': MIXED,
        '@_line': '3',
        failure: {
          '@_message': 'denied at baseline:latest: host namespaces, privileged',
          '@_type': 'PodSecurity',
          '#text': 'hostNamespaces: hostNetwork=true\nprivileged: container "shell" must not set securityContext.privileged=true',
        },
      },
      { '@_classname': MIXED, '@_name': 'CronJob shop/nightly-report (document 1)', '@_file': MIXED, '@_line': '19' },
      {
        '@_classname': MIXED,
        '@_name': 'Service shop/web (document 2)',
        '@_file': MIXED,
        '@_line': '37',
        skipped: { '@_message': 'not applicable: Service has no pod template' },
      },
    ]);
    expect(compliant?.testcase).toEqual([
      { '@_classname': COMPLIANT, '@_name': 'Deployment shop/web (document 0)', '@_file': COMPLIANT, '@_line': '3' },
    ]);
  });

  it('names List items by document and item', async () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n  - {apiVersion: v1, kind: Pod, metadata: {name: p}}\n';

    const { exitCode, xml } = await junit(['list.yaml'], { 'list.yaml': list });

    expect(exitCode).toBe(EXIT_ALLOWED);
    expect(parse(xml).testsuite?.[0]?.testcase.map((testcase) => [testcase['@_name'], testcase['@_line']])).toEqual([
      ['ConfigMap c (document 0, item 0)', '4'],
      ['Pod p (document 0, item 1)', '5'],
    ]);
  });

  it('stays well-formed and unforgeable with markup, quotes and control characters in the input', async () => {
    // Prepare: a NUL, ESC and BEL cannot be written in XML 1.0 at all, even as &#N;.
    const hostile = String.raw`apiVersion: v1
kind: Pod
metadata: {name: "</testcase><testcase name='forged'/>", namespace: "a&b\0\e[2J"}
spec:
  containers: [{name: "]]><x>\a", securityContext: {privileged: true}}]
`;

    // Act
    const { exitCode, xml } = await junit(['--level', 'baseline', 'in <dir>/pod&.yaml'], { 'in <dir>/pod&.yaml': hostile });

    // Assess: one testcase, whose texts are the escaped forms the text report shows too.
    expect(exitCode).toBe(EXIT_DENIED);
    const [suite] = parse(xml).testsuite ?? [];
    expect(suite?.['@_name']).toBe('"in <dir>/pod&.yaml"');
    expect(suite?.testcase).toHaveLength(1);
    expect(suite?.testcase[0]?.['@_name']).toBe(String.raw`Pod "a&b\x00\x1b[2J"/"</testcase><testcase name='forged'/>" (document 0)`);
    expect(suite?.testcase[0]?.failure?.['#text']).toBe(String.raw`privileged: "container \"]]><x>\a\" must not set securityContext.privileged=true"`);
  });

  it('writes an empty report when --allow-empty lets an input without objects pass', async () => {
    const { exitCode, xml } = await junit(['--allow-empty', 'empty.yaml'], { 'empty.yaml': '# nothing yet\n' });

    expect(exitCode).toBe(EXIT_ALLOWED);
    expect(parse(xml)).toMatchObject({ '@_tests': '0', '@_failures': '0', '@_skipped': '0' });
    expect(parse(xml).testsuite).toBeUndefined();
  });

  it('prints nothing on stdout for bad input, with exit 2', async () => {
    const bad = await junit(['pod.yaml'], { 'pod.yaml': 'kind: Pod\nspec: {hostPID: "yes"}\n' });

    expect(bad).toEqual({ exitCode: EXIT_BAD_INPUT, xml: '', stderr: 'psa-scan: pod.yaml#0: spec.hostPID must be a boolean, found a string "yes"\n' });
  });
});
