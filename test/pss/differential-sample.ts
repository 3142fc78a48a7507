// The generated pods test/pss/differential.test.ts compares with upstream. They are named here so
// that test/generators/pod-generator.test.ts can check this very sample holds every value an
// allow-list could wrongly admit (every capability, sysctl and SELinux name of the pools).
export const DIFFERENTIAL_SEED = 0x5eed;
export const DIFFERENTIAL_PODS = 20_000;
