// What a thrown error means when a request got no HTTP answer. The reader sends with undici's
// `request` (http-exchange.ts), which rejects with the system or TLS error itself (its
// `code`) or one of undici's own (UND_ERR_*); wrappers such as fetch's `TypeError: fetch failed`
// keep it as `cause`. The per-attempt timeout rejects with cockatiel's TaskCancelledError.
import { TaskCancelledError } from 'cockatiel';
import type { TransportFailure } from './request-event.ts';

/** The connection could not be set up from the endpoint: credentials or TLS settings unusable. */
export class ConnectionSetupError extends Error {
  readonly failure: Extract<TransportFailure, 'credentials' | 'tls'>;

  constructor(failure: Extract<TransportFailure, 'credentials' | 'tls'>, message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'ConnectionSetupError';
    this.failure = failure;
  }
}

// Node's TLS verification errors (OpenSSL X509_V_ERR_* names, node lib/internal/tls) and its own
// ERR_TLS_* codes (ERR_TLS_CERT_ALTNAME_INVALID: name mismatch); ERR_SSL_* are OpenSSL alerts,
// e.g. the server refusing our client certificate.
const TLS_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

// undici's own timeouts (its defaults are longer than ours) and its abort, which only the
// per-attempt timeout triggers.
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_ABORTED', 'ETIMEDOUT']);

// No connection, or it broke: refused, reset, no route, no DNS answer; undici's UND_ERR_SOCKET
// (`other side closed`), UND_ERR_CONNECT_TIMEOUT, UND_ERR_CLOSED.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function codes(error: unknown): string[] {
  const found: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') found.push(code);
    // AggregateError (connection attempts to several addresses) keeps its errors apart.
    if (e instanceof AggregateError) for (const inner of e.errors) found.push(...codes(inner));
  }
  return found;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * The failure behind `error`, or undefined when it is not a transport failure (a bug, which the
 * reader lets through as it is).
 */
export function transportFailure(error: unknown): TransportFailure | undefined {
  if (error instanceof ConnectionSetupError) return error.failure;
  if (error instanceof TaskCancelledError || isAbort(error)) return 'timeout';
  const found = codes(error);
  if (found.some((code) => TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'))) return 'tls';
  if (found.some((code) => TIMEOUT_CODES.has(code))) return 'timeout';
  if (found.some((code) => CONNECTION_CODES.has(code) || code.startsWith('UND_ERR_'))) return 'unreachable';
  return undefined;
}

/** Worth another attempt: the next connection or the next second may fare better. */
export function isRetryableFailure(failure: TransportFailure): boolean {
  return failure === 'timeout' || failure === 'unreachable';
}
