import { describe, expect, it } from 'vitest';
import { kubeconfigFiles } from './kubeconfig-paths.ts';

describe('kubeconfigFiles', () => {
  it('reads only the explicit path, which must exist, whatever $KUBECONFIG says', () => {
    expect(kubeconfigFiles({ explicitPath: '/tmp/k', kubeconfigEnv: '/a:/b', home: '/home/u' }, ':')).toEqual({ files: ['/tmp/k'], mustExist: true });
  });

  it('reads every $KUBECONFIG path in order, dropping empty entries and repeats, skipping missing files', () => {
    expect(kubeconfigFiles({ kubeconfigEnv: '/a::/b:/a:', home: '/home/u' }, ':')).toEqual({ files: ['/a', '/b'], mustExist: false });
  });

  it('falls back to <home>/.kube/config when $KUBECONFIG is unset or empty', () => {
    expect(kubeconfigFiles({ home: '/home/u' }, ':')).toEqual({ files: ['/home/u/.kube/config'], mustExist: false });
    expect(kubeconfigFiles({ kubeconfigEnv: '', home: '/home/u' }, ':')).toEqual({ files: ['/home/u/.kube/config'], mustExist: false });
  });

  it('has nothing to read without any of them', () => {
    expect(kubeconfigFiles({})).toEqual({ files: [], mustExist: false });
  });

  it("splits on the platform's delimiter", () => {
    expect(kubeconfigFiles({ kubeconfigEnv: 'C:\\a;C:\\b' }, ';').files).toEqual(['C:\\a', 'C:\\b']);
  });
});
