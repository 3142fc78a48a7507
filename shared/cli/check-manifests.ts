// The work of `psa-scan check`: read every input, find the pods and pod templates in it, and
// evaluate them. Everything is read and judged before anything is printed, so that bad input
// produces problems only, never a partial report.
import { manifestObjects, type ManifestObject } from '../manifest/manifest-objects.ts';
import { parseManifestText } from '../manifest/parse-manifest-text.ts';
import { extractPodTemplate } from '../manifest/pod-template.ts';
import { evaluatePod } from '../pss/evaluate.ts';
import type { LevelVersion } from '../pss/level-version.ts';
import type { PodVerdict } from '../pss/verdict.ts';
import { STDIN_ARGUMENT, type CheckOptions } from './check-options.ts';
import type { CliIo } from './cli-io.ts';

/** How standard input is named in results and messages. */
const STDIN_NAME = '<stdin>';

export interface ObjectIdentity {
  readonly file: string;
  readonly index: number;
  readonly item: number | null;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string | null;
}

export type ObjectResult = ObjectIdentity &
  ({ readonly applicable: true; readonly verdict: PodVerdict } | { readonly applicable: false; readonly reason: string });

/** Something wrong with the input; `index` is null when the whole file is at fault. */
export interface InputProblem {
  readonly file: string;
  readonly index: number | null;
  readonly item: number | null;
  readonly message: string;
}

export type CheckOutcome =
  | { readonly ok: true; readonly results: readonly ObjectResult[] }
  | { readonly ok: false; readonly problems: readonly InputProblem[] };

export async function checkManifests(
  options: CheckOptions,
  io: Pick<CliIo, 'readFile' | 'readStdin'>,
): Promise<CheckOutcome> {
  const results: ObjectResult[] = [];
  const problems: InputProblem[] = [];
  for (const input of options.inputs) {
    const file = input === STDIN_ARGUMENT ? STDIN_NAME : input;
    const text = await readInput(input, io);
    if (!text.ok) {
      problems.push({ file, index: null, item: null, message: text.message });
      continue;
    }
    const contents = manifestObjects(parseManifestText(text.text));
    problems.push(...contents.problems.map((problem) => ({ file, ...problem })));
    for (const object of contents.objects) {
      const judged = judgeObject(file, object, options.levelVersion);
      if ('message' in judged) problems.push(judged);
      else results.push(judged);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, results };
}

function judgeObject(file: string, object: ManifestObject, levelVersion: LevelVersion): ObjectResult | InputProblem {
  const { index, item, kind, namespace, name } = object;
  const identity: ObjectIdentity = { file, index, item, kind, namespace, name };
  const extraction = extractPodTemplate(object);
  switch (extraction.outcome) {
    case 'not-applicable':
      return { ...identity, applicable: false, reason: extraction.reason };
    case 'invalid':
      return { file, index, item, message: extraction.message };
    case 'pod':
      // Every field a check reads had its type checked by extractPodTemplate, so an exception
      // here is a bug in psa-scan, not bad input: it is left to run-cli's internal error (exit 3).
      return { ...identity, applicable: true, verdict: evaluatePod(levelVersion, extraction.pod) };
  }
}

type InputText = { ok: true; text: string } | { ok: false; message: string };

async function readInput(input: string, io: Pick<CliIo, 'readFile' | 'readStdin'>): Promise<InputText> {
  try {
    return { ok: true, text: input === STDIN_ARGUMENT ? await io.readStdin() : await io.readFile(input) };
  } catch (cause) {
    return { ok: false, message: readErrorMessage(cause) };
  }
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'file does not exist',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
};

function readErrorMessage(cause: unknown): string {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  const known = code !== undefined && Object.hasOwn(READ_ERRORS, code) ? READ_ERRORS[code] : undefined;
  return `cannot read: ${known ?? errorMessage(cause)}`;
}

function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
