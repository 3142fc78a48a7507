// The CLI over the upstream Pod Security conformance pods (../shared/pss-fixtures, laid beside
// the repository): real manifests from the Kubernetes project, read, extracted and judged.
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../shared/cli/render-json.ts';
import { EXIT_ALLOWED, EXIT_DENIED, runCli } from '../../shared/cli/run-cli.ts';
import { listFixtures } from '../support/pss-fixtures.ts';
import { capturedIo } from './captured-io.ts';

const ALL_FIXTURES = listFixtures();

function fixtureFiles(level: string, version: string, outcome: 'pass' | 'fail'): string[] {
  const files = ALL_FIXTURES.filter((f) => f.name.startsWith(`${level}/${version}/${outcome}/`)).map((f) => f.file);
  // An empty folder would make every assertion below hold vacuously.
  expect(files.length).toBeGreaterThan(0);
  return files;
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
    const files = fixtureFiles(level, version, 'pass');
    const { io, stdout, stderr } = capturedIo();

    const exitCode = await runCli(['check', '--level', level, '--version', version, '--format', 'json', ...files], io);

    expect(stderr()).toBe('');
    const report = JSON.parse(stdout()) as JsonReport;
    // One Pod per file, in file order, so that a file yielding no object cannot pass unseen.
    expect(report.results.map((result) => [result.file, result.kind])).toEqual(files.map((file) => [file, 'Pod']));
    expect(report.results.filter((result) => result.allowed !== true)).toEqual([]);
    expect(exitCode).toBe(EXIT_ALLOWED);
  });

  it('denies every fail pod with exit 1', async () => {
    const files = fixtureFiles(level, version, 'fail');
    const { io, stdout, stderr } = capturedIo();

    const exitCode = await runCli(['check', '--level', level, '--version', version, '--format', 'json', ...files], io);

    expect(stderr()).toBe('');
    const report = JSON.parse(stdout()) as JsonReport;
    expect(report.results.map((result) => [result.file, result.kind])).toEqual(files.map((file) => [file, 'Pod']));
    expect(report.results.filter((result) => result.allowed !== false)).toEqual([]);
    expect(exitCode).toBe(EXIT_DENIED);
  });
});
