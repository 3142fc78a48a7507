// What a read makes of the answer it got: the parsed JSON of a 2xx, or the ClusterRequestError an
// error answer stands for. (401, 429 and 5xx are already errors in the request policy.)
import { ClusterRequestError, type ClusterFailureKind } from '../scan/cluster-reader.ts';
import type { Answer } from './request-policy.ts';
import { parseStatusBody } from './status-body.ts';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorKind(status: number): ClusterFailureKind {
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  return 'bad-response';
}

/** A 2xx answer's body as a JSON object; anything else is a ClusterRequestError. */
export function readObject(request: string, answer: Answer): Record<string, unknown> {
  const { response, attempts } = answer;
  if (response.status < 200 || response.status >= 300) {
    const status = parseStatusBody(response.body);
    throw new ClusterRequestError(errorKind(response.status), request, `${request}: ${response.status} ${status.message || status.reason}`, {
      status: response.status,
      attempts,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch (error) {
    throw new ClusterRequestError('bad-response', request, `${request}: the answer is not JSON (${(error as Error).message})`, {
      status: response.status,
      attempts,
      cause: error,
    });
  }
  if (!isRecord(parsed)) {
    throw new ClusterRequestError('bad-response', request, `${request}: the answer is not a JSON object`, { status: response.status, attempts });
  }
  return parsed;
}

/** An object in an answer lacks what the API promises; the reader turns it into `bad-response`. */
export class MalformedObjectError extends Error {
  readonly path: string;

  constructor(path: string, why: string) {
    super(`${path} ${why}`);
    this.path = path;
    this.name = 'MalformedObjectError';
  }
}
