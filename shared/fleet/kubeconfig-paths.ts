// Which kubeconfig files to read, as kubectl decides (client-go tools/clientcmd/loader.go,
// NewDefaultClientConfigLoadingRules and Load): an explicit --kubeconfig path alone (it must
// exist); else every path in $KUBECONFIG (empty entries dropped, duplicates read once, missing
// files skipped); else <home>/.kube/config. The environment comes in as values: shared/ reads none.

import { delimiter, join } from 'node:path';

export interface KubeconfigLocation {
  /** A --kubeconfig style path: only this file, which must exist. */
  readonly explicitPath?: string;
  /** The value of $KUBECONFIG (a path list joined by ':', ';' on Windows). */
  readonly kubeconfigEnv?: string;
  /** The user's home directory, for the default `<home>/.kube/config`. */
  readonly home?: string;
}

export interface KubeconfigFileList {
  /** In precedence order: the first file to set something wins. */
  readonly files: readonly string[];
  /** True when a missing file is an error (the explicit path), not skipped. */
  readonly mustExist: boolean;
}

export function kubeconfigFiles(location: KubeconfigLocation, pathDelimiter: string = delimiter): KubeconfigFileList {
  if (location.explicitPath !== undefined && location.explicitPath !== '') return { files: [location.explicitPath], mustExist: true };
  if (location.kubeconfigEnv !== undefined && location.kubeconfigEnv !== '') {
    const files = location.kubeconfigEnv.split(pathDelimiter).filter((file) => file !== '');
    return { files: [...new Set(files)], mustExist: false };
  }
  if (location.home !== undefined && location.home !== '') return { files: [join(location.home, '.kube', 'config')], mustExist: false };
  return { files: [], mustExist: false };
}
