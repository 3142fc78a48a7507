// The closing line CI reads must count a test whose setup failed as failed. Each case runs the
// real vitest (in a child process, on fixture test files in a temporary directory) with only
// this reporter, and reads the line it prints.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './paths.ts';

const REPORTER = path.join(REPO_ROOT, 'test/support/closing-line-reporter.ts');

let fixtures: string;

beforeAll(async () => {
  fixtures = await mkdtemp(path.join(tmpdir(), 'closing-line-'));
});

afterAll(async () => {
  if (fixtures !== undefined) await rm(fixtures, { recursive: true, force: true });
});

/** Writes the files into a fresh folder, runs vitest there, and returns every closing line printed. */
async function closingLines(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = await mkdtemp(path.join(fixtures, 'case-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
  const script = `
    import { startVitest } from 'vitest/node';
    const vitest = await startVitest([], { config: false, root: ${JSON.stringify(root)}, watch: false, fsModuleCache: false, reporters: [${JSON.stringify(REPORTER)}] });
    await vitest.close();
    process.exitCode = 0;
  `;
  // cwd: the repository, so that vitest resolves from its node_modules.
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const status = await new Promise((resolve) => child.on('close', resolve));
  expect(status, output).toBe(0);
  return output.split('\n').filter((line) => line.startsWith('Tests: '));
}

const PASSING = `import { it, expect } from 'vitest';
it('one', () => expect(1).toBe(1));
it('two', () => expect(2).toBe(2));
it.skip('not now', () => {});
`;

describe('closing line', () => {
  it('counts passed and skipped tests as vitest does when nothing fails', async () => {
    expect(await closingLines({ 'ok.test.ts': PASSING })).toEqual(['Tests: 2 passed, 0 failed, 1 skipped']);
  });

  it('counts the tests of a suite whose beforeAll throws as failed, and it.skip still as skipped', async () => {
    const file = `import { beforeAll, describe, it, expect } from 'vitest';
describe('needs a server', () => {
  beforeAll(() => { throw new Error('no server'); });
  it('reads', () => expect(1).toBe(1));
  it('writes', () => expect(1).toBe(1));
  it.skip('later', () => {});
});
it('outside the suite', () => expect(1).toBe(1));
`;
    expect(await closingLines({ 'setup.test.ts': file })).toEqual(['Tests: 1 passed, 2 failed, 1 skipped']);
  });

  it('counts every test of a file whose top-level beforeAll throws as failed', async () => {
    const file = `import { beforeAll, it, expect } from 'vitest';
beforeAll(async () => { throw new Error('harness did not start'); });
it('a', () => expect(1).toBe(1));
it('b', () => expect(1).toBe(1));
it('c', () => expect(1).toBe(1));
`;
    expect(await closingLines({ 'top.test.ts': file, 'ok.test.ts': PASSING })).toEqual(['Tests: 2 passed, 3 failed, 1 skipped']);
  });

  it('counts an afterAll that throws after passing tests, and a file that does not load, as one failure each', async () => {
    const teardown = `import { afterAll, it, expect } from 'vitest';
afterAll(() => { throw new Error('cleanup failed'); });
it('a', () => expect(1).toBe(1));
`;
    const broken = `import { it } from 'vitest';\nimport './missing-module.ts';\nit('never collected', () => {});\n`;
    expect(await closingLines({ 'teardown.test.ts': teardown, 'broken.test.ts': broken })).toEqual(['Tests: 1 passed, 2 failed, 0 skipped']);
  });
});
