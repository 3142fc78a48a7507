// The one connection setup of a reader: the endpoint's kubeconfig (through client-node) and bearer
// token source, with one undici dispatcher reused by every request.
//
// Why not the KubeConfig's own applySecurityAuthentication on every request (what makeApiClient
// does): it builds a new undici Agent each time (client-node 2.0.1 config.js createDispatcher, not
// cached), so no connection is ever reused and every request pays a TLS handshake; it also re-reads
// CA and key files each time. Here the kubeconfig is asked once, on the first request, for its TLS
// dispatcher and headers.
import type https from 'node:https';
import { HttpMethod, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { Agent } from 'undici';
import type { BearerTokenSource, ClusterEndpoint } from './cluster-endpoint.ts';
import type { RequestSetup } from './http-exchange.ts';
import { ConnectionSetupError } from './transport-failure.ts';

/** The kubeconfig names no usable cluster: bad input, found before any request. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

// What the generated client-node APIs asked for, and what the apiserver answers with anyway.
const ACCEPT = 'application/json, */*;q=0.8';

// What keeps connections open between requests: client-node's own choice for its agents
// (config.js createDispatcherOptions: 30 s, below cloud load balancers' 60 s idle timeouts).
const KEEP_ALIVE = { keepAlive: true, keepAliveInitialDelay: 30_000 } as const;

export class ClusterConnection {
  /** The API server's URL, without a trailing slash. */
  readonly server: string;
  private readonly kubeConfig: KubeConfig;
  private readonly bearerToken: BearerTokenSource | undefined;
  /** Exec plugins and auth providers hand out tokens that expire: asked on every request. */
  private readonly refreshUserAuth: boolean;
  private readonly userAgent: string;
  private prepared: Promise<RequestSetup> | undefined;
  private closed = false;

  constructor(endpoint: ClusterEndpoint, userAgent: string) {
    this.userAgent = userAgent;
    this.kubeConfig = endpoint.kubeConfig;
    this.bearerToken = endpoint.bearerToken;
    const contextName = this.kubeConfig.getCurrentContext();
    const cluster = this.kubeConfig.getCurrentCluster();
    if (cluster === null) {
      throw new KubeConfigError(`kubeconfig of cluster ${endpoint.identity.name}: current-context ${JSON.stringify(contextName)} names no cluster`);
    }
    if (!/^https?:\/\//.test(cluster.server)) {
      throw new KubeConfigError(`kubeconfig of cluster ${endpoint.identity.name}: clusters[${cluster.name}].server ${JSON.stringify(cluster.server)} is not an http(s) URL`);
    }
    this.server = cluster.server.replace(/\/+$/, '');
    const user = this.kubeConfig.getCurrentUser();
    this.refreshUserAuth = user?.exec !== undefined || user?.authProvider !== undefined;
  }

  /**
   * The dispatcher and headers of the next request: the kubeconfig's (asked once), with the exec
   * plugin's or auth provider's headers and the bearer token asked anew each time.
   */
  async requestSetup(): Promise<RequestSetup> {
    const prepared = await this.prepare();
    if (!this.refreshUserAuth && this.bearerToken === undefined) return prepared;
    const headers: Record<string, string> = { ...prepared.headers };
    if (this.refreshUserAuth) {
      for (const [name, value] of Object.entries(await this.userHeaders())) headers[name] = String(value);
    }
    if (this.bearerToken !== undefined) headers['Authorization'] = `Bearer ${await this.token(this.bearerToken)}`;
    return { dispatcher: prepared.dispatcher, headers };
  }

  /** Closes the dispatcher's connections; requests after this fail. */
  async close(): Promise<void> {
    this.closed = true;
    const prepared = await this.prepared?.catch(() => undefined);
    await prepared?.dispatcher.close();
  }

  private prepare(): Promise<RequestSetup> {
    if (this.closed) return Promise.reject(new ConnectionSetupError('tls', 'the reader was closed', undefined));
    this.prepared ??= this.probe().catch((error: unknown) => {
      this.prepared = undefined; // an exec plugin may succeed next time
      throw error;
    });
    return this.prepared;
  }

  /**
   * Lets the kubeconfig apply itself once to a request that is never sent, and keeps what it set:
   * the dispatcher with its CA, client certificate, TLS server name or proxy, and the headers of
   * its user (token, basic auth, impersonation).
   */
  private async probe(): Promise<RequestSetup> {
    const probe = new RequestContext(this.server, HttpMethod.GET);
    try {
      await this.kubeConfig.applySecurityAuthentication(probe);
    } catch (error) {
      const failure = this.refreshUserAuth ? 'credentials' : 'tls';
      throw new ConnectionSetupError(failure, `the kubeconfig's ${failure === 'tls' ? 'TLS settings' : 'credentials'} cannot be used: ${(error as Error).message}`, error);
    }
    // No CA, client certificate or proxy in the kubeconfig: client-node leaves the dispatcher to
    // undici's global one; this reader still wants its own.
    const dispatcher = probe.getDispatcher() ?? new Agent({ connect: KEEP_ALIVE });
    return { dispatcher, headers: { Accept: ACCEPT, 'User-Agent': this.userAgent, ...probe.getHeaders() } };
  }

  private async userHeaders(): Promise<NonNullable<https.RequestOptions['headers']>> {
    const options: https.RequestOptions = {};
    try {
      await this.kubeConfig.applyToHTTPSOptions(options);
    } catch (error) {
      throw new ConnectionSetupError('credentials', `the kubeconfig user's credentials cannot be obtained: ${(error as Error).message}`, error);
    }
    return options.headers ?? {};
  }

  private async token(source: BearerTokenSource): Promise<string> {
    let token: string;
    try {
      token = await source.token();
    } catch (error) {
      throw new ConnectionSetupError('credentials', `the bearer token source failed: ${(error as Error).message}`, error);
    }
    // eslint-disable-next-line no-control-regex -- a header value must not carry them
    if (token === '' || /[\s\x00-\x1f\x7f]/.test(token)) {
      throw new ConnectionSetupError('credentials', 'the bearer token source returned an empty token or one with whitespace or control characters', undefined);
    }
    return token;
  }
}
