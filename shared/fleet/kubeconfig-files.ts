// Reading kubeconfig files from disk: client-node's KubeConfig parses each one (entry checks such as
// `clusters[0].cluster.server is missing`, relative certificate paths made absolute against the
// file's directory); the yaml library checks the shape first, because client-node silently reads a
// file that is not a mapping, or whose clusters are not a list, as empty. Every error names the file.

import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { KubeconfigError } from './kubeconfig-error.ts';
import type { KubeconfigDocument } from './kubeconfig-merge.ts';
import type { KubeconfigFileList } from './kubeconfig-paths.ts';

const LISTS = ['clusters', 'users', 'contexts'] as const;

/**
 * Checks what client-node would let through as an empty config; false for a file with no document
 * (empty, or only comments), which kubectl reads as an empty config and client-node refuses.
 */
function checkShape(file: string, text: string): boolean {
  const document = parseDocument(text);
  const [syntax] = document.errors;
  if (syntax !== undefined) throw new KubeconfigError(file, `is not valid YAML: ${syntax.message}`);
  if (document.contents === null) return false;
  if (!isMap(document.contents)) throw new KubeconfigError(file, 'is not a kubeconfig: expected a mapping with clusters, users and contexts');
  for (const key of LISTS) {
    const value: unknown = document.contents.get(key, true);
    const absent = value === undefined || (isScalar(value) && value.value === null);
    if (!absent && !isSeq(value)) throw new KubeconfigError(file, `${key} must be a list`);
  }
  return true;
}

/** One file, parsed; undefined when it does not exist and need not. */
async function readDocument(file: string, mustExist: boolean): Promise<KubeconfigDocument | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !mustExist) return undefined;
    throw new KubeconfigError(file, code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`, { cause: error });
  }
  if (!checkShape(file, text)) return { file, clusters: [], users: [], contexts: [] };
  const config = new KubeConfig();
  try {
    config.loadFromString(text);
  } catch (error) {
    throw new KubeconfigError(file, error instanceof Error ? error.message : String(error), { cause: error });
  }
  config.makePathsAbsolute(dirname(file));
  const current = config.getCurrentContext();
  return {
    file,
    clusters: config.getClusters(),
    users: config.getUsers(),
    contexts: config.getContexts(),
    ...(typeof current === 'string' && current !== '' ? { currentContext: current } : {}),
  };
}

/** The files that exist, parsed, in precedence order. */
export async function readKubeconfigDocuments(list: KubeconfigFileList): Promise<KubeconfigDocument[]> {
  const documents = await Promise.all(list.files.map((file) => readDocument(file, list.mustExist)));
  return documents.filter((d): d is KubeconfigDocument => d !== undefined);
}
