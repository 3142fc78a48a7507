// A whole list, page by page (`limit` / `continue`). A continue token expires when etcd compacts
// past the list's snapshot (about 5 minutes); the apiserver then answers 410 Gone
// (k8s.io/apiserver pkg/storage/etcd3 store.go: "The provided continue parameter is too old..."),
// and the only consistent answer is a fresh list from the top. The result is the complete list
// or an error, never part of one.
import { ClusterRequestError } from '../scan/cluster-reader.ts';
import { isRecord, readObject } from './read-answer.ts';
import type { RequestPolicy } from './request-policy.ts';
import type { ApiCall } from './http-exchange.ts';

export interface PageRequest {
  readonly limit: number;
  /** Absent for the first page. */
  readonly continueToken: string | undefined;
}

/** The call for one page, e.g. a GET of `/api/v1/pods?limit=500&continue=...`. */
export type PageCall = (page: PageRequest) => ApiCall;

export interface ListOptions {
  readonly pageSize: number;
  readonly maxListRestarts: number;
}

/**
 * Every item of the list, in the server's order, as `read` makes it of the item and its index. Each
 * page is read as it arrives, so what `read` leaves out of an item (managed fields, status) is not
 * kept alive while the later pages come in. What `read` throws propagates.
 */
export async function listAll<T>(
  policy: RequestPolicy,
  request: string,
  pageCall: PageCall,
  options: ListOptions,
  read: (item: unknown, index: number) => T,
): Promise<T[]> {
  for (let restarts = 0; ; restarts++) {
    const items: T[] = [];
    let continueToken: string | undefined;
    let expired = false;
    let attempts = 0;
    do {
      const answer = await policy.send(request, pageCall({ limit: options.pageSize, continueToken }));
      attempts += answer.attempts;
      if (answer.response.status === 410 && continueToken !== undefined) {
        expired = true;
        break;
      }
      const list = readObject(request, answer);
      const pageItems = list['items'] ?? [];
      if (!Array.isArray(pageItems)) {
        throw new ClusterRequestError('bad-response', request, `${request}: items is not a list`, { status: answer.response.status, attempts });
      }
      for (const item of pageItems) items.push(read(item, items.length));
      const next = isRecord(list['metadata']) ? list['metadata']['continue'] : undefined;
      if (next !== undefined && typeof next !== 'string') {
        throw new ClusterRequestError('bad-response', request, `${request}: metadata.continue is not a string`, { status: answer.response.status, attempts });
      }
      if (next !== undefined && next !== '' && next === continueToken) {
        throw new ClusterRequestError('bad-response', request, `${request}: the server sent the same continue token again`, { status: answer.response.status, attempts });
      }
      continueToken = next === '' ? undefined : next;
    } while (continueToken !== undefined);
    if (!expired) return items;
    if (restarts >= options.maxListRestarts) {
      throw new ClusterRequestError(
        'timeout',
        request,
        `${request}: the list's continue token expired (410 Gone) ${restarts + 1} times; paging through it takes longer than the server keeps its snapshot`,
        { status: 410, attempts },
      );
    }
  }
}
