// One call of a client-node generated API method, with the attempt's abort signal on the request
// and the raw answer (status, headers, body text) kept for the reader.
//
// Why the raw body: client-node decodes answers into its model classes, which drop every field the
// model does not know (a field newer than client-node's API version would vanish before the Pod
// Security checks see it) and turn timestamps into Dates. The reader needs pods exactly as the
// apiserver evaluates them, so it parses the wire JSON itself. client-node is handed `{}` to decode
// for 2xx answers, so nothing is decoded twice; error answers pass through unchanged.
import {
  Observable,
  ResponseContext,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseBody,
} from '@kubernetes/client-node';

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; a repeated header (Warning) arrives as one comma-joined value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Per-call options for a generated API method (its `options` parameter). */
export type CallOptions = ConfigurationOptions<ObservableMiddleware>;

/** Calls a generated API method with the options it is given. */
export type ApiCall = (options: CallOptions) => Promise<unknown>;

function textBody(text: string): ResponseBody {
  return {
    text: () => Promise.resolve(text),
    binary: () => Promise.resolve(Buffer.from(text)),
    stream: () => null,
  };
}

const EMPTY_OBJECT = textBody('{}');

class ResponseCapture implements ObservableMiddleware {
  response: RawResponse | undefined;
  private readonly signal: AbortSignal;

  constructor(signal: AbortSignal) {
    this.signal = signal;
  }

  pre(context: RequestContext): Observable<RequestContext> {
    context.setSignal(this.signal);
    return new Observable(Promise.resolve(context));
  }

  post(context: ResponseContext): Observable<ResponseContext> {
    return new Observable(this.keep(context));
  }

  private async keep(context: ResponseContext): Promise<ResponseContext> {
    const status = context.httpStatusCode;
    const body = await context.body.text();
    this.response = { status, headers: context.headers, body };
    const forClient = status >= 200 && status < 300 ? EMPTY_OBJECT : textBody(body);
    return new ResponseContext(status, context.headers, forClient);
  }
}

/**
 * Sends one request through `call` and returns the server's answer whatever its status. Throws only
 * when there was no answer (connection, TLS, abort), with the error undici or the auth method threw.
 */
export async function exchange(call: ApiCall, signal: AbortSignal, extra?: CallOptions): Promise<RawResponse> {
  const capture = new ResponseCapture(signal);
  // `append` keeps the configuration's own middleware. client-node reverses the merged array in
  // place for the post phase (ObservableAPI.js), so it must be a new array for every call.
  const middleware = extra?.middleware === undefined ? [capture] : [...extra.middleware, capture];
  try {
    await call({ ...extra, middleware, middlewareMergeStrategy: 'append' });
  } catch (error) {
    // An error answer makes client-node throw ApiException: the answer is what counts.
    if (capture.response === undefined) throw error;
  }
  if (capture.response === undefined) throw new Error('client-node returned without sending the request');
  return capture.response;
}
