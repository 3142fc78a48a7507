// The fleet policy for a command: the file given, parsed with every error named, or the default
// (Kubernetes' defaults, targets from labels) when none is given.
import { DEFAULT_FLEET_POLICY, type FleetPolicy } from '../targets/fleet-policy.ts';
import { formatFleetPolicyError, parseFleetPolicy } from '../targets/parse-fleet-policy.ts';
import type { CliIo } from './cli-io.ts';

export type LoadedFleetPolicy =
  | { readonly ok: true; readonly policy: FleetPolicy; readonly source: string | null }
  | { readonly ok: false; readonly errors: readonly string[] };

export async function loadFleetPolicy(file: string | undefined, io: Pick<CliIo, 'readFile'>): Promise<LoadedFleetPolicy> {
  if (file === undefined) return { ok: true, policy: DEFAULT_FLEET_POLICY, source: null };
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, errors: [`${file}: cannot read the fleet policy${code === undefined ? '' : ` (${code})`}`] };
  }
  const parsed = parseFleetPolicy(text, file);
  return parsed.ok ? { ok: true, policy: parsed.policy, source: file } : { ok: false, errors: parsed.errors.map(formatFleetPolicyError) };
}
