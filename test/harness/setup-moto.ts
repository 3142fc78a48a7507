// moto (the AWS stand-in for S3, SNS, SQS, STS, EKS) lives in a project-local virtualenv `.venv`,
// installed from the pinned requirements; reinstalled only when the requirements change. So does
// cfn-lint.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';
import { runTool } from './run-tool.ts';

export const VENV_DIR = join(REPO_ROOT, '.venv');
export const MOTO_REQUIREMENTS = join(import.meta.dirname, 'moto', 'requirements.txt');
export const MOTO_SERVER = join(VENV_DIR, 'bin', 'moto_server');

// cfn-lint (infra/app-synth.test.ts) lives in the same virtualenv, from its own pinned requirements
// (the same versions moto's pull in), installed after moto's.
export const CFN_LINT_REQUIREMENTS = join(import.meta.dirname, 'cfn-lint', 'requirements.txt');
export const CFN_LINT = join(VENV_DIR, 'bin', 'cfn-lint');

interface VenvPackages {
  readonly name: string;
  readonly requirements: string;
  /** Records the hash of the requirements last installed. */
  readonly stamp: string;
  /** A file the install provides: missing means not installed, whatever the stamp says. */
  readonly provides: string;
}

async function ensureVenvPackages(packages: VenvPackages, log: (line: string) => void): Promise<{ installed: boolean; seconds: number }> {
  const started = performance.now();
  const hash = createHash('sha256').update(await readFile(packages.requirements)).digest('hex');
  const recorded = await readFile(packages.stamp, 'utf8').catch(() => '');
  if (recorded.trim() === hash && existsSync(packages.provides)) return { installed: false, seconds: 0 };

  log(`installing ${packages.name} into .venv`);
  if (!existsSync(join(VENV_DIR, 'bin', 'python'))) {
    await runTool('python3', ['-m', 'venv', VENV_DIR]);
  }
  await runTool(join(VENV_DIR, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', packages.requirements], {
    what: `pip install of ${packages.requirements}`,
  });
  await writeFile(packages.stamp, `${hash}\n`);
  const seconds = (performance.now() - started) / 1000;
  log(`installed ${packages.name} in ${seconds.toFixed(0)} s`);
  return { installed: true, seconds };
}

export function ensureMoto(log: (line: string) => void = console.log): Promise<{ installed: boolean; seconds: number }> {
  return ensureVenvPackages({ name: 'moto', requirements: MOTO_REQUIREMENTS, stamp: join(VENV_DIR, '.requirements.sha256'), provides: MOTO_SERVER }, log);
}

export function ensureCfnLint(log: (line: string) => void = console.log): Promise<{ installed: boolean; seconds: number }> {
  return ensureVenvPackages({ name: 'cfn-lint', requirements: CFN_LINT_REQUIREMENTS, stamp: join(VENV_DIR, '.cfn-lint-requirements.sha256'), provides: CFN_LINT }, log);
}
