// The work of `psa-scan check`: read every input document by document, find the pods and pod
// templates in each, and evaluate them. Results are small and kept; a document is dropped once
// judged, so memory holds one document at a time. Nothing is printed until every input is read,
// so that bad input produces problems only, never a partial report.
import { describeDocumentLimit } from '../manifest/document-size-limit.ts';
import { documentObjects, type ManifestObject } from '../manifest/manifest-objects.ts';
import { extractPodTemplate } from '../manifest/pod-template.ts';
import { readDocuments } from '../manifest/read-documents.ts';
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
  /** 1-based line where the object starts: its document's first line of content, or its List item. */
  readonly line: number;
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
  io: Pick<CliIo, 'openFile' | 'openStdin'>,
): Promise<CheckOutcome> {
  const results: ObjectResult[] = [];
  const problems: InputProblem[] = [];
  for (const input of options.inputs) {
    const file = input === STDIN_ARGUMENT ? STDIN_NAME : input;
    const before = { results: results.length, problems: problems.length };
    await checkInput(input, file, options, io, results, problems);
    // An empty input (a failed `helm template | psa-scan check -`, a closed stdin) must not pass.
    if (!options.allowEmpty && results.length === before.results && problems.length === before.problems) {
      problems.push({ file, index: null, item: null, message: `no Kubernetes objects in ${file} (give --allow-empty to accept an input with none)` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, results };
}

/** Reads one input, adding its results and problems in document order. */
async function checkInput(
  input: string,
  file: string,
  options: CheckOptions,
  io: Pick<CliIo, 'openFile' | 'openStdin'>,
  results: ObjectResult[],
  problems: InputProblem[],
): Promise<void> {
  const limits = { maxDocumentBytes: options.maxDocumentBytes };
  try {
    const chunks = input === STDIN_ARGUMENT ? io.openStdin() : io.openFile(input);
    for await (const { index, document } of readDocuments(chunks, limits, describeDocumentLimit(options.maxDocumentBytes))) {
      for (const entry of documentObjects(index, document)) {
        if ('problem' in entry) {
          problems.push({ file, ...entry.problem });
          continue;
        }
        const judged = judgeObject(file, entry.object, options.levelVersion);
        if ('message' in judged) problems.push(judged);
        else results.push(judged);
      }
    }
  } catch (cause) {
    if (!isReadError(cause)) throw cause;
    problems.push({ file, index: null, item: null, message: readErrorMessage(cause) });
  }
}

function judgeObject(file: string, object: ManifestObject, levelVersion: LevelVersion): ObjectResult | InputProblem {
  const { index, item, line, kind, namespace, name } = object;
  const identity: ObjectIdentity = { file, index, item, line, kind, namespace, name };
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

/**
 * An error from the file system or a stream: an errno code (ENOENT, EISDIR, EIO...). Node's own
 * `ERR_*` codes mean a bug in psa-scan, which run-cli reports as an internal error (exit 3).
 */
function isReadError(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' && /^E[A-Z0-9]+$/.test(cause.code);
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'file does not exist',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EBADF: 'not open',
};

function readErrorMessage(cause: unknown): string {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  const known = code !== undefined && Object.hasOwn(READ_ERRORS, code) ? READ_ERRORS[code] : undefined;
  return `cannot read: ${known ?? errorMessage(cause)}`;
}

function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
