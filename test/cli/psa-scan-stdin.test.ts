// Standard input as CI can hand it to the real process: closed, a directory, or a pipe that
// carries nothing. None of them may pass the gate.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT } from '../../shared/cli/run-cli.ts';
import { REPO_ROOT } from '../support/paths.ts';

function psaScan(command: string, args: readonly string[], stdin: 'ignore' | number) {
  return new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: [stdin, 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

const ENTRY = 'shared/cli/psa-scan.ts';

describe('psa-scan check - with standard input that holds no manifest', () => {
  it('exits 2 when standard input is a directory', async () => {
    const directory = openSync(tmpdir(), 'r');
    try {
      const result = await psaScan(process.execPath, [ENTRY, 'check', '-'], directory);

      expect(result).toEqual({ exitCode: EXIT_BAD_INPUT, stdout: '', stderr: 'psa-scan: <stdin>: cannot read: is a directory, not a file\n' });
    } finally {
      closeSync(directory);
    }
  });

  it('exits 2 when standard input is closed', async () => {
    // `<&-` closes fd 0 before node starts; node then reads it as empty.
    const result = await psaScan('sh', ['-c', `exec "${process.execPath}" ${ENTRY} check - <&-`], 'ignore');

    expect(result).toMatchObject({ exitCode: EXIT_BAD_INPUT, stdout: '' });
    expect(result.stderr).toMatch(/^psa-scan: <stdin>: (no Kubernetes objects in <stdin>|cannot read: )/);
  });

  it('exits 2 when the pipe carries nothing (a failed `helm template | psa-scan check -`)', async () => {
    const result = await psaScan('sh', ['-c', `false | "${process.execPath}" ${ENTRY} check -`], 'ignore');

    expect(result).toEqual({
      exitCode: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'psa-scan: <stdin>: no Kubernetes objects in <stdin> (give --allow-empty to accept an input with none)\n',
    });
  });
});
