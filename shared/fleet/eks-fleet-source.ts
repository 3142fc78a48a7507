// FleetSource over EKS, for a run that scans the clusters in the same process: discovery across
// accounts and regions (eks-cluster-discovery.ts: what is skipped or failed comes back as it found
// it), then each cluster to scan made reachable (eks-fleet-endpoint.ts: endpoint, CA, override,
// tokens signed by the credentials that found it). Dispatch, which only enqueues, uses the
// discovery alone.

import { EksClusterDiscovery, type EksClusterDiscoveryOptions } from './eks-cluster-discovery.ts';
import { eksFleetEndpoint } from './eks-fleet-endpoint.ts';
import type { FleetDiscovery, FleetSource } from './fleet-source.ts';

export type EksFleetSourceOptions = EksClusterDiscoveryOptions;

export class EksFleetSource implements FleetSource {
  readonly #options: EksFleetSourceOptions;
  readonly #discovery: EksClusterDiscovery;

  constructor(options: EksFleetSourceOptions) {
    this.#options = options;
    this.#discovery = new EksClusterDiscovery(options);
  }

  async discover(): Promise<FleetDiscovery> {
    const { clusters, skipped, failed } = await this.#discovery.discover();
    return { endpoints: clusters.map((c) => eksFleetEndpoint(c.access, c.credentials, this.#options.config)), skipped, failed };
  }
}
