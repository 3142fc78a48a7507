// The fields of core/v1 VolumeSource (k8s.io/api core/v1 types.go, v1.37), split the way
// upstream policy/check_restrictedVolumes.go splits them. Together they are every source the API
// knows; restrictedVolumes, the apiserver defaults and the pod generator all build on these two.

/** Sources that do not reach the node or external storage: restricted allows them. */
export const ALLOWED_VOLUME_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

/** Every other source, in upstream's order, which decides the type reported for a volume that sets several. */
export const RESTRICTED_VOLUME_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;
