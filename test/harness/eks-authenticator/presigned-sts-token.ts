// The checks an EKS authenticator makes on a token before it asks STS who signed it, as
// aws-iam-authenticator's pkg/token/token.go (tokenVerifier.Verify) makes them: the prefix, the size,
// base64url, an https URL to an expected STS host, path `/`, only known query parameters (one value
// each), Action=GetCallerIdentity, x-k8s-aws-id among the signed headers, 0 <= X-Amz-Expires <= 900,
// and X-Amz-Date no older than 15 minutes. Here the expected STS endpoint is moto's (plain http).

const PREFIX = 'k8s-aws-v1.';
const MAX_TOKEN_LENGTH = 4096;
const LIFETIME_MS = 15 * 60_000;
/** A token dated further ahead than this is refused too (STS: "Signature not yet current"). */
const FUTURE_SKEW_MS = 5 * 60_000;
const ALLOWED_PARAMETERS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

export interface PresignedStsToken {
  readonly url: URL;
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signedAt: Date;
}

/** `20261129T045454Z` -> Date, or undefined when it is not that shape. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/** The token's presigned URL when it passes every format check, else the reason it does not. */
export function parsePresignedStsToken(
  token: string,
  options: { readonly stsEndpoint: string; readonly now: Date },
): { token: PresignedStsToken } | { refused: string } {
  if (token.length > MAX_TOKEN_LENGTH) return { refused: 'token is too large' };
  if (!token.startsWith(PREFIX)) return { refused: `token is missing the ${JSON.stringify(PREFIX)} prefix` };
  const encoded = token.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return { refused: 'token is not base64url without padding' };
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return { refused: 'token does not hold a URL' };
  }
  const expected = new URL(options.stsEndpoint);
  if (url.protocol !== expected.protocol || url.host !== expected.host) {
    return { refused: `unexpected STS endpoint ${url.protocol}//${url.host} in the presigned URL` };
  }
  if (url.pathname !== '/') return { refused: 'unexpected path in the presigned URL' };
  const params = new Map<string, string>();
  for (const key of new Set(url.searchParams.keys())) {
    if (!ALLOWED_PARAMETERS.has(key.toLowerCase())) return { refused: `query parameter ${JSON.stringify(key)} is not allowed` };
    const values = url.searchParams.getAll(key);
    if (values.length !== 1) return { refused: `query parameter ${JSON.stringify(key)} has ${values.length} values` };
    params.set(key.toLowerCase(), values[0] ?? '');
  }
  if (params.get('action') !== 'GetCallerIdentity') return { refused: 'the presigned URL is not GetCallerIdentity' };
  const signedHeaders = (params.get('x-amz-signedheaders') ?? '').split(';').map((h) => h.toLowerCase());
  if (!signedHeaders.includes('x-k8s-aws-id')) return { refused: 'x-k8s-aws-id is not a signed header' };
  const expires = Number(params.get('x-amz-expires'));
  if (!Number.isInteger(expires) || expires < 0 || expires > 900) return { refused: 'X-Amz-Expires is not between 0 and 900' };
  const signedAt = parseAmzDate(params.get('x-amz-date') ?? '');
  if (signedAt === undefined) return { refused: 'X-Amz-Date is missing or malformed' };
  const age = options.now.getTime() - signedAt.getTime();
  if (age > LIFETIME_MS) return { refused: `token expired: signed ${Math.round(age / 60_000)} minutes ago (15 minute lifetime)` };
  if (-age > FUTURE_SKEW_MS) return { refused: 'token is dated in the future' };
  const accessKeyId = (params.get('x-amz-credential') ?? '').split('/')[0] ?? '';
  if (accessKeyId === '') return { refused: 'X-Amz-Credential is missing' };
  return { token: { url, accessKeyId, signedHeaders, signedAt } };
}
