// One request to the API server and its whole answer (status, headers, body text), sent with
// undici's `request` over the reader's connection (its dispatcher and credential headers:
// cluster-connection.ts).
//
// Why not client-node's generated API methods, which the reader used before: the reader calls a
// handful of fixed paths, and the generated layer (RequestContext, ObjectSerializer, Observable
// middleware chains, an ApiException per error answer) cost about 55 µs of CPU per request on the
// harness: 1000 dry-run PATCHes took 0.29 s of client CPU through it, 0.235 s without it, 0.18 s
// for bare undici. On a 2-core machine shared with the apiserver that is throughput the scan
// loses. Its model classes also drop unknown fields, so the reader read the wire JSON anyway.
// client-node still reads the kubeconfig and sets up TLS and credentials.
import { request, type Dispatcher } from 'undici';

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; a repeated header (Warning) arrives as one comma-joined value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What a request goes out with: the connection's dispatcher and headers (credentials, user agent). */
export interface RequestSetup {
  readonly dispatcher: Dispatcher;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ApiRequest {
  readonly method: 'GET' | 'PATCH';
  /** The path and query, e.g. `/api/v1/pods?limit=500`. */
  readonly path: string;
  readonly body?: { readonly contentType: string; readonly text: string };
}

/** One attempt: sends and reads the whole answer, aborted by `signal`. */
export type ApiCall = (signal: AbortSignal) => Promise<RawResponse>;

/**
 * Sends `apiRequest` to `server` and returns the answer whatever its status. Throws only when there
 * was no answer (connection, TLS, abort), with the error undici threw.
 */
export async function exchange(server: string, setup: RequestSetup, apiRequest: ApiRequest, signal: AbortSignal): Promise<RawResponse> {
  const { body } = apiRequest;
  const response = await request(server + apiRequest.path, {
    method: apiRequest.method,
    headers: body === undefined ? setup.headers : { 'Content-Type': body.contentType, ...setup.headers },
    body: body?.text,
    signal,
    dispatcher: setup.dispatcher,
  });
  const text = await response.body.text();
  // As fetch would give them: lower-case names (undici's already are), a repeated header comma-joined.
  const headers: Record<string, string> = {};
  for (const name in response.headers) {
    const value = response.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers, body: text };
}
