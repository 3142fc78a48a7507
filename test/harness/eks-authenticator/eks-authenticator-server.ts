// The TokenReview webhook the harness kube-apiserver calls for bearer tokens
// (--authentication-token-webhook-config-file), standing in for an EKS cluster's authenticator.
// Run as its own process by start-eks-authenticator.ts: `node eks-authenticator-server.ts CONFIG`.
// POST /authenticate takes a TokenReview (authentication.k8s.io/v1) and answers one; GET /healthz
// says ok. Every decision is one JSON line on stdout (the log file), so tests can read why a token
// was refused: the apiserver itself only says 401.

import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { reviewToken, type TokenReviewConfig, type TokenReviewDecision } from './token-review.ts';

export interface EksAuthenticatorServerConfig {
  readonly port: number;
  readonly tlsCert: string;
  readonly tlsKey: string;
  readonly review: TokenReviewConfig;
}

/** One line of the log. */
export interface ReviewLogLine {
  readonly time: string;
  readonly authenticated: boolean;
  readonly username?: string;
  readonly groups?: readonly string[];
  readonly arn?: string;
  readonly reason?: string;
}

const configFile = process.argv[2];
if (configFile === undefined) throw new Error('usage: eks-authenticator-server.ts CONFIG.json');
const config = JSON.parse(readFileSync(configFile, 'utf8')) as EksAuthenticatorServerConfig;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function log(decision: TokenReviewDecision): void {
  const line: ReviewLogLine = decision.authenticated
    ? { time: new Date().toISOString(), authenticated: true, username: decision.user.username, groups: decision.user.groups, arn: decision.arn }
    : { time: new Date().toISOString(), authenticated: false, reason: decision.reason };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function review(body: string): Promise<unknown> {
  const request = JSON.parse(body) as { apiVersion?: string; spec?: { token?: string } };
  let decision: TokenReviewDecision;
  try {
    decision = await reviewToken(request.spec?.token ?? '', config.review, new Date());
  } catch (error) {
    // STS (moto) unreachable or answering nonsense: EKS refuses the token too.
    decision = { authenticated: false, reason: `cannot verify the token: ${error instanceof Error ? error.message : String(error)}` };
  }
  log(decision);
  const status = decision.authenticated
    ? { authenticated: true, user: decision.user }
    : { authenticated: false, error: decision.reason };
  return { apiVersion: request.apiVersion ?? 'authentication.k8s.io/v1', kind: 'TokenReview', status };
}

const server = createServer({ cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }, (req, res) => {
  // client-go adds ?timeout=30s to the webhook's URL
  const path = new URL(req.url ?? '/', 'https://localhost').pathname;
  if (req.method === 'GET' && path === '/healthz') return send(res, 200, { ok: true });
  if (req.method !== 'POST' || path !== '/authenticate') return send(res, 404, { error: 'not found' });
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    review(Buffer.concat(chunks).toString('utf8')).then(
      (answer) => send(res, 200, answer),
      (error: unknown) => send(res, 400, { error: String(error) }),
    );
  });
});
server.listen(config.port, '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
