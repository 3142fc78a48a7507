import { describe, expect, it } from 'vitest';
import { v1 } from '../version.ts';
import { restrictedVolumes } from './restrictedVolumes.ts';
import { BASE_POD, JSON_NULL, expectAllowed, expectForbidden, runCheck, specOf, tweak } from './checks.test-support.ts';

const REASON = 'restricted volume types';

describe('restrictedVolumes', () => {
  it('applies from v1.0 and overrides hostPathVolumes', () => {
    expect(restrictedVolumes.versions.map((version) => [version.minimumVersion.minor, version.overrides])).toEqual([
      [0, ['hostPathVolumes']],
    ]);
  });

  it('allows every allowed volume source', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).volumes = [
        { name: 'a', configMap: { name: 'c' } },
        { name: 'b', csi: { driver: 'd' } },
        { name: 'c', downwardAPI: {} },
        { name: 'd', emptyDir: {} },
        { name: 'e', ephemeral: {} },
        { name: 'f', image: { reference: 'r' } },
        { name: 'g', persistentVolumeClaim: { claimName: 'c' } },
        { name: 'h', projected: { sources: [] } },
        { name: 'i', secret: { secretName: 's' } },
      ];
    });
    expectAllowed(runCheck(restrictedVolumes, v1(37), pod));
  });

  it('allows a volume that also sets a restricted source next to an allowed one, as upstream tests allowed sources first', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).volumes = [{ name: 'both', hostPath: { path: '/' }, emptyDir: {} }];
    });
    expectAllowed(runCheck(restrictedVolumes, v1(0), pod));
  });

  it('names one volume and its type', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).volumes = [{ name: 'root', hostPath: { path: '/' } }];
    });
    expectForbidden(runCheck(restrictedVolumes, v1(0), pod), REASON, 'volume "root" uses restricted volume type "hostPath"');
  });

  it('lists volumes in spec order and every restricted type sorted, with "unknown" for no or unknown sources', () => {
    const sources = [
      'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd',
      'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk',
      'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
    ];
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).volumes = [
        ...sources.map((source, i) => ({ name: `b${i + 1}`, [source]: {} })),
        { name: 'c1' },
        { name: 'c2', futureSource: {}, emptyDir: JSON_NULL },
      ];
    });
    expectForbidden(
      runCheck(restrictedVolumes, v1(0), pod),
      REASON,
      'volumes ' +
        '"b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "c1", "c2"' +
        ' use restricted volume types ' +
        '"awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", ' +
        '"hostPath", "iscsi", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"',
    );
  });

  it('reports the first restricted source in upstream order when a volume sets several', () => {
    const pod = tweak(BASE_POD, (p) => {
      specOf(p).volumes = [{ name: 'x', nfs: {}, gitRepo: {} }, { name: 'y', nfs: {} }];
    });
    expectForbidden(runCheck(restrictedVolumes, v1(0), pod), REASON, 'volumes "x", "y" use restricted volume types "gitRepo", "nfs"');
  });
});
