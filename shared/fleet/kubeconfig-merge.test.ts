import { describe, expect, it } from 'vitest';
import { KubeconfigError } from './kubeconfig-error.ts';
import { mergeKubeconfigs, type KubeconfigDocument } from './kubeconfig-merge.ts';

function document(file: string, parts: Partial<Omit<KubeconfigDocument, 'file'>>): KubeconfigDocument {
  return { file, clusters: [], users: [], contexts: [], ...parts };
}

const cluster = (name: string, server: string) => ({ name, server, skipTLSVerify: false });

describe('mergeKubeconfigs', () => {
  it('keeps the first file’s entry for a name, whole, and adds the names only later files have', () => {
    const merged = mergeKubeconfigs([
      document('/a', { clusters: [cluster('shared', 'https://a')], users: [{ name: 'u', token: 'first' }] }),
      document('/b', { clusters: [cluster('shared', 'https://b'), cluster('only-b', 'https://b2')], users: [{ name: 'u', token: 'second', username: 'x' }] }),
    ]);

    expect(merged.clusters.get('shared')).toEqual({ value: cluster('shared', 'https://a'), file: '/a' });
    expect(merged.clusters.get('only-b')).toEqual({ value: cluster('only-b', 'https://b2'), file: '/b' });
    // nothing of the second file's "u" is kept, not even the fields the first lacks
    expect(merged.users.get('u')).toEqual({ value: { name: 'u', token: 'first' }, file: '/a' });
    expect(merged.files).toEqual(['/a', '/b']);
  });

  it('takes current-context from the first file that sets it', () => {
    const merged = mergeKubeconfigs([
      document('/a', {}),
      document('/b', { currentContext: 'from-b' }),
      document('/c', { currentContext: 'from-c' }),
    ]);

    expect(merged.currentContext).toEqual({ value: 'from-b', file: '/b' });
    expect(mergeKubeconfigs([document('/a', {})]).currentContext).toBeUndefined();
  });

  it('refuses a file that names the same context twice, naming the file', () => {
    const twice = document('/a', {
      contexts: [
        { name: 'dev', cluster: 'c', user: 'u' },
        { name: 'dev', cluster: 'd', user: 'u' },
      ],
    });

    expect(() => mergeKubeconfigs([twice])).toThrow(new KubeconfigError('/a', 'names context "dev" twice'));
    expect(() => mergeKubeconfigs([twice])).toThrow('/a: names context "dev" twice');
  });
});
