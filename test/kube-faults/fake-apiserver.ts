// A small in-process HTTPS server that answers like a kube-apiserver does when things go wrong:
// for the faults a real apiserver cannot be made to produce on demand (throttling with a chosen
// Retry-After, 5xx, connection resets, no answer, an expired continue token). It records what
// it received (path, query, Authorization), counts TLS connections and requests in flight.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { LOCAL } from '../../shared/fleet/cluster-identity.ts';
import type { BearerTokenSource, ClusterEndpoint } from '../../shared/kube/cluster-endpoint.ts';
import { createPki } from '../harness/kube/pki.ts';

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** 1 for the first request the server received. */
  readonly sequence: number;
  /** performance.now() when the request had arrived. */
  readonly at: number;
}

export interface FakeHttpAnswer {
  readonly status: number;
  /** An array sends the header once per value (Warning). */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** JSON-encoded unless a string. */
  readonly body?: unknown;
}

export type FakeAnswer =
  | FakeHttpAnswer
  /** Destroy the connection without answering (the client sees a reset / `other side closed`). */
  | 'reset'
  /** Never answer; the connection stays open until the server closes. */
  | 'hang';

export type FakeHandler = (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;

/** metav1.Status as the apiserver writes it. */
export function status(code: number, reason: string, message: string, extra: Record<string, unknown> = {}): FakeHttpAnswer {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, ...extra } };
}

export function ok(body: unknown, headers?: FakeHttpAnswer['headers']): FakeHttpAnswer {
  return { status: 200, body, ...(headers !== undefined ? { headers } : {}) };
}

interface Pki {
  readonly caCert: string;
  readonly otherCaCert: string;
  readonly cert: string;
  readonly key: string;
}

export class FakeApiServer {
  /** Requests received, in order. */
  readonly requests: FakeRequest[] = [];
  /** TLS connections accepted. */
  connections = 0;
  inFlight = 0;
  maxInFlight = 0;
  handler: FakeHandler = () => status(404, 'NotFound', 'no handler');

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly pki: Pki;
  private readonly dir: string;

  private constructor(server: Server, pki: Pki, dir: string) {
    this.server = server;
    this.pki = pki;
    this.dir = dir;
    server.on('secureConnection', (socket: Socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void this.serve(request, response));
  }

  /** Starts on a free loopback port, with a fresh CA (and a second, unrelated CA for wrong-CA tests). */
  static async start(): Promise<FakeApiServer> {
    const dir = await mkdtemp(join(tmpdir(), 'psa-kube-faults-'));
    const [mine, other] = await Promise.all([createPki(dir, {}), mkdtemp(join(dir, 'other-')).then((d) => createPki(d, {}))]);
    const pki = {
      caCert: await readFile(mine.caCert, 'utf8'),
      otherCaCert: await readFile(other.caCert, 'utf8'),
      cert: await readFile(mine.serving.cert, 'utf8'),
      key: await readFile(mine.serving.key, 'utf8'),
    };
    const server = createServer({ cert: pki.cert, key: pki.key });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeApiServer(server, pki, dir);
  }

  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * A kubeconfig for this server: its CA (or an unrelated one), optionally a TLS server name the
   * certificate does not carry, and a static token for the user.
   */
  kubeConfig(options: { ca?: 'right' | 'wrong'; tlsServerName?: string; token?: string } = {}): KubeConfig {
    const ca = options.ca === 'wrong' ? this.pki.otherCaCert : this.pki.caCert;
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [
        {
          name: 'fake',
          server: this.url,
          caData: Buffer.from(ca).toString('base64'),
          ...(options.tlsServerName !== undefined ? { tlsServerName: options.tlsServerName } : {}),
          skipTLSVerify: false,
        },
      ],
      users: [{ name: 'fake-user', ...(options.token !== undefined ? { token: options.token } : {}) }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'fake-user' }],
      currentContext: 'fake',
    });
    return config;
  }

  /** An endpoint for this server with `kubeConfig(options)`, and a bearer token source if given. */
  endpoint(options: Parameters<FakeApiServer['kubeConfig']>[0] = {}, bearerToken?: BearerTokenSource): ClusterEndpoint {
    return {
      identity: { account: LOCAL, region: LOCAL, name: 'fake' },
      kubeConfig: this.kubeConfig(options),
      ...(bearerToken !== undefined ? { bearerToken } : {}),
    };
  }

  /** Forgets what was recorded, keeps the handler. */
  reset(): void {
    this.requests.length = 0;
    this.connections = 0;
    this.maxInFlight = this.inFlight;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    const finish = (): void => {
      if (!done) this.inFlight--;
      done = true;
    };
    response.on('close', finish);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', this.url);
    const fake: FakeRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      sequence: this.requests.length + 1,
      at: performance.now(),
    };
    this.requests.push(fake);
    let answer: FakeAnswer;
    try {
      answer = await this.handler(fake);
    } catch (error) {
      answer = status(500, 'InternalError', `fake handler failed: ${(error as Error).message}`);
    }
    if (answer === 'hang') return;
    if (answer === 'reset') {
      finish();
      request.socket.destroy();
      return;
    }
    const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers as Record<string, string | string[]>) });
    response.end(body);
  }
}
