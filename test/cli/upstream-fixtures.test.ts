// The CLI over the upstream Pod Security conformance pods (../shared/pss-fixtures, laid beside
// the repository): real manifests from the Kubernetes project, read, extracted and judged.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../shared/cli/render-json.ts';
import { runCli } from '../../shared/cli/run-cli.ts';
import { capturedIo } from './captured-io.ts';

const FIXTURES = fileURLToPath(new URL('../../../shared/pss-fixtures/', import.meta.url));

function fixtureFiles(level: string, version: string, outcome: 'pass' | 'fail'): string[] {
  const dir = `${FIXTURES}${level}/${version}/${outcome}/`;
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => dir + name);
}

// A sample across the check history; test/pss/fixtures.test.ts runs every folder through evaluatePod.
describe.each([
  ['baseline', 'v1.0'],
  ['baseline', 'v1.37'],
  ['restricted', 'v1.0'],
  ['restricted', 'v1.24'],
  ['restricted', 'v1.37'],
])('upstream %s %s fixtures', (level, version) => {
  it('allows every pass pod with exit 0', async () => {
    const { io, stdout, stderr } = capturedIo();

    const exitCode = await runCli(['check', '--level', level, '--version', version, '--format', 'json', ...fixtureFiles(level, version, 'pass')], io);

    expect(stderr()).toBe('');
    const report = JSON.parse(stdout()) as JsonReport;
    expect(report.results.filter((result) => result.allowed !== true)).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('denies every fail pod with exit 1', async () => {
    const files = fixtureFiles(level, version, 'fail');
    const { io, stdout, stderr } = capturedIo();

    const exitCode = await runCli(['check', '--level', level, '--version', version, '--format', 'json', ...files], io);

    expect(stderr()).toBe('');
    const report = JSON.parse(stdout()) as JsonReport;
    expect(report.results.map((result) => result.kind)).toEqual(files.map(() => 'Pod'));
    expect(report.results.filter((result) => result.allowed !== false)).toEqual([]);
    expect(exitCode).toBe(1);
  });
});
