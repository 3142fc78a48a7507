// Running a command-line tool (go, openssl, pip, kubectl) to completion: its output, or an error
// that says what failed and carries the tool's stderr.

import { execFile, type ExecFileOptions } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface RunToolOptions extends Omit<ExecFileOptions, 'encoding'> {
  /** How the error names the step (default: the command line). */
  readonly what?: string;
}

export class ToolError extends Error {
  override readonly name = 'ToolError';
  /** The exit code, or undefined if the tool could not be started or was killed by a signal. */
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;

  constructor(message: string, output: { exitCode: number | undefined; stdout: string; stderr: string }, options: ErrorOptions) {
    super(message, options);
    this.exitCode = output.exitCode;
    this.stdout = output.stdout;
    this.stderr = output.stderr;
  }
}

export async function runTool(
  command: string,
  args: readonly string[],
  options: RunToolOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const { what, ...execOptions } = options;
  try {
    const { stdout, stderr } = await execFileAsync(command, [...args], { maxBuffer: 64 * 1024 * 1024, ...execOptions, encoding: 'utf8' });
    return { stdout, stderr };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { code?: number | string; stdout?: string; stderr?: string };
    const step = what ?? `${command} ${args.join(' ')}`;
    if (e.code === 'ENOENT') {
      throw new ToolError(`${step} failed: cannot run \`${command}\` (is it installed and on PATH?)`, { exitCode: undefined, stdout: '', stderr: '' }, { cause: error });
    }
    const stderr = e.stderr ?? '';
    const exitCode = typeof e.code === 'number' ? e.code : undefined;
    throw new ToolError(`${step} failed:\n${stderr}`, { exitCode, stdout: e.stdout ?? '', stderr }, { cause: error });
  }
}
