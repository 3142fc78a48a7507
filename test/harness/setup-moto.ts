// moto (the AWS stand-in for S3, SNS, SQS, STS, EKS) lives in a project-local virtualenv `.venv`,
// installed from the pinned requirements; reinstalled only when the requirements change.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';
import { runTool } from './run-tool.ts';

export const VENV_DIR = join(REPO_ROOT, '.venv');
export const MOTO_REQUIREMENTS = join(import.meta.dirname, 'moto', 'requirements.txt');
export const MOTO_SERVER = join(VENV_DIR, 'bin', 'moto_server');

const STAMP = join(VENV_DIR, '.requirements.sha256');

export async function ensureMoto(log: (line: string) => void = console.log): Promise<{ installed: boolean; seconds: number }> {
  const started = performance.now();
  const hash = createHash('sha256').update(await readFile(MOTO_REQUIREMENTS)).digest('hex');
  const recorded = await readFile(STAMP, 'utf8').catch(() => '');
  if (recorded.trim() === hash && existsSync(MOTO_SERVER)) return { installed: false, seconds: 0 };

  log('installing moto into .venv');
  if (!existsSync(join(VENV_DIR, 'bin', 'python'))) {
    await runTool('python3', ['-m', 'venv', VENV_DIR]);
  }
  await runTool(join(VENV_DIR, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', MOTO_REQUIREMENTS], {
    what: `pip install of ${MOTO_REQUIREMENTS}`,
  });
  await writeFile(STAMP, `${hash}\n`);
  const seconds = (performance.now() - started) / 1000;
  log(`installed moto in ${seconds.toFixed(0)} s`);
  return { installed: true, seconds };
}
