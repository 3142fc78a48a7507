// FleetSource over kubeconfig files: find the files as kubectl would, read and merge them, and
// turn the selected contexts into endpoints. Bad input (a file that does not parse, an unknown
// context) throws KubeconfigError; nothing is skipped or fails per cluster here.

import { KubeconfigError } from './kubeconfig-error.ts';
import { contextEndpoints, type ContextSelection } from './kubeconfig-contexts.ts';
import { readKubeconfigDocuments } from './kubeconfig-files.ts';
import { mergeKubeconfigs } from './kubeconfig-merge.ts';
import { kubeconfigFiles, type KubeconfigLocation } from './kubeconfig-paths.ts';
import type { FleetDiscovery, FleetSource } from './fleet-source.ts';

export interface KubeconfigFleetSourceOptions {
  readonly location: KubeconfigLocation;
  readonly selection: ContextSelection;
}

export class KubeconfigFleetSource implements FleetSource {
  readonly #options: KubeconfigFleetSourceOptions;

  constructor(options: KubeconfigFleetSourceOptions) {
    this.#options = options;
  }

  async discover(): Promise<FleetDiscovery> {
    const list = kubeconfigFiles(this.#options.location);
    const documents = await readKubeconfigDocuments(list);
    if (documents.length === 0) {
      const where = list.files.length === 0 ? 'no --kubeconfig, $KUBECONFIG or home directory given' : `looked for ${list.files.join(', ')}`;
      throw new KubeconfigError(undefined, `no kubeconfig file found (${where})`);
    }
    return { endpoints: contextEndpoints(mergeKubeconfigs(documents), this.#options.selection), skipped: [], failed: [] };
  }
}
