// Several kubeconfig files merged the way kubectl merges them (client-go tools/clientcmd/loader.go,
// Load): the first file to set a cluster, user or context name wins, whole (nothing of a later
// entry with that name is kept), and the first file to set current-context wins. One file naming
// two clusters, users or contexts alike is an error (clientcmd's v1 conversion refuses it).
//
// client-node's KubeConfig.mergeConfig does not do this: it throws on any name two files share and
// lets the later file's current-context win. Its parsing of each file is reused
// (kubeconfig-files.ts); the merge is here.

import type { Cluster, Context, User } from '@kubernetes/client-node';
import { KubeconfigError } from './kubeconfig-error.ts';

/** One file as client-node parsed it. */
export interface KubeconfigDocument {
  readonly file: string;
  readonly clusters: readonly Cluster[];
  readonly users: readonly User[];
  readonly contexts: readonly Context[];
  readonly currentContext?: string;
}

/** An entry and the file it came from (for messages). */
export interface FromFile<T> {
  readonly value: T;
  readonly file: string;
}

export interface MergedKubeconfig {
  /** The files that were read, in precedence order. */
  readonly files: readonly string[];
  readonly clusters: ReadonlyMap<string, FromFile<Cluster>>;
  readonly users: ReadonlyMap<string, FromFile<User>>;
  readonly contexts: ReadonlyMap<string, FromFile<Context>>;
  readonly currentContext?: FromFile<string>;
}

function mergeNamed<T extends { readonly name: string }>(
  documents: readonly KubeconfigDocument[],
  entries: (d: KubeconfigDocument) => readonly T[],
  what: string,
): Map<string, FromFile<T>> {
  const merged = new Map<string, FromFile<T>>();
  for (const document of documents) {
    const seen = new Set<string>();
    for (const value of entries(document)) {
      if (seen.has(value.name)) throw new KubeconfigError(document.file, `names ${what} ${JSON.stringify(value.name)} twice`);
      seen.add(value.name);
      if (!merged.has(value.name)) merged.set(value.name, { value, file: document.file });
    }
  }
  return merged;
}

export function mergeKubeconfigs(documents: readonly KubeconfigDocument[]): MergedKubeconfig {
  const current = documents.find((d) => d.currentContext !== undefined && d.currentContext !== '');
  return {
    files: documents.map((d) => d.file),
    clusters: mergeNamed(documents, (d) => d.clusters, 'cluster'),
    users: mergeNamed(documents, (d) => d.users, 'user'),
    contexts: mergeNamed(documents, (d) => d.contexts, 'context'),
    ...(current?.currentContext === undefined ? {} : { currentContext: { value: current.currentContext, file: current.file } }),
  };
}
