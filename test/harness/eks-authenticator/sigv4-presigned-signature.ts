// The SigV4 signature of a presigned GET, computed from the specification with node:crypto alone
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), so that checking
// the product's tokens does not reuse the library that signed them: a misuse of the signer would
// otherwise be mirrored here and go unnoticed. STS checks exactly this on a presigned request.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** SHA-256 of an empty body: what a presigned GET without x-amz-content-sha256 signs. */
const EMPTY_PAYLOAD_HASH = createHash('sha256').update('').digest('hex');

/** RFC 3986 encoding as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export interface PresignedRequest {
  /** The presigned URL, X-Amz-Signature included (it is left out of the computation). */
  readonly url: URL;
  /** Values of the headers X-Amz-SignedHeaders names, as the verifier sends them; lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly secretAccessKey: string;
}

/** The signature the request should carry, or a reason it cannot be computed. */
export function expectedSignature(request: PresignedRequest): { signature: string } | { error: string } {
  const params = request.url.searchParams;
  const credential = params.get('X-Amz-Credential') ?? '';
  const [, date, region, service, terminator] = credential.split('/');
  if (date === undefined || region === undefined || service === undefined || terminator !== 'aws4_request') {
    return { error: `malformed X-Amz-Credential ${JSON.stringify(credential)}` };
  }
  const amzDate = params.get('X-Amz-Date') ?? '';
  const signedHeaders = (params.get('X-Amz-SignedHeaders') ?? '').split(';');
  const canonicalHeaders: string[] = [];
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return { error: `no value for signed header ${JSON.stringify(name)}` };
    canonicalHeaders.push(`${name}:${value.trim().replace(/\s+/g, ' ')}\n`);
  }
  const query = [...params.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const path = request.url.pathname.split('/').map((segment) => uriEncode(decodeURIComponent(segment))).join('/');
  const canonicalRequest = ['GET', path, query, canonicalHeaders.join(''), signedHeaders.join(';'), EMPTY_PAYLOAD_HASH].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${request.secretAccessKey}`, date), region), service), 'aws4_request');
  return { signature: hmac(signingKey, stringToSign).toString('hex') };
}

/** True when the URL's X-Amz-Signature is the one its parameters, the headers and the secret give. */
export function signatureMatches(request: PresignedRequest): boolean {
  const expected = expectedSignature(request);
  const actual = request.url.searchParams.get('X-Amz-Signature') ?? '';
  if ('error' in expected || actual.length !== expected.signature.length) return false;
  return timingSafeEqual(Buffer.from(actual), Buffer.from(expected.signature));
}
