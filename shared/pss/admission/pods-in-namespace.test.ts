import { describe, expect, it } from 'vitest';
import type { PodUnderTest } from '../pod.ts';
import { DEFAULT_ADMISSION_CONFIG, type AdmissionConfig } from './admission-config.ts';
import { prioritizePods } from './pods-in-namespace.ts';

function pod(name: string, controllerUid?: string, runtimeClassName?: string): PodUnderTest {
  return {
    metadata: {
      name,
      ...(controllerUid === undefined ? {} : { ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', uid: controllerUid, controller: true }] }),
    },
    spec: { containers: [{ name: 'app', image: 'app' }], ...(runtimeClassName === undefined ? {} : { runtimeClassName }) },
  };
}

const names = (pods: readonly PodUnderTest[]): (string | undefined)[] => pods.map((p) => p.metadata?.name);

describe('prioritizePods', () => {
  it('puts the first pod of each controller and every uncontrolled pod first, in list order, then the other replicas', () => {
    // Prepare
    const pods = [pod('rs1-a', '1'), pod('rs1-b', '1'), pod('bare'), pod('rs2-a', '2'), pod('rs1-c', '1'), pod('rs2-b', '2')];

    // Act
    const ordered = prioritizePods(pods, DEFAULT_ADMISSION_CONFIG);

    // Assess
    expect(names(ordered)).toEqual(['rs1-a', 'bare', 'rs2-a', 'rs1-b', 'rs1-c', 'rs2-b']);
  });

  it('uses only an owner reference marked controller, the first one if several are', () => {
    // Prepare
    const twoControllers: PodUnderTest = {
      metadata: {
        name: 'both',
        ownerReferences: [
          { uid: 'x', controller: false },
          { uid: '1', controller: true },
          { uid: '2', controller: true },
        ],
      },
    };
    const pods = [pod('rs1-a', '1'), twoControllers, pod('rs2-a', '2')];

    // Act
    const ordered = prioritizePods(pods, DEFAULT_ADMISSION_CONFIG);

    // Assess: "both" belongs to controller 1, already seen.
    expect(names(ordered)).toEqual(['rs1-a', 'rs2-a', 'both']);
  });

  it('drops pods of exempt runtime classes', () => {
    // Prepare
    const config: AdmissionConfig = { ...DEFAULT_ADMISSION_CONFIG, exemptions: { ...DEFAULT_ADMISSION_CONFIG.exemptions, runtimeClasses: ['kata'] } };
    const pods = [pod('sandboxed', '1', 'kata'), pod('rs1-b', '1', 'runc')];

    // Act
    const ordered = prioritizePods(pods, config);

    // Assess: the exempt pod does not use up its controller's first place either.
    expect(names(ordered)).toEqual(['rs1-b']);
  });
});
