// The `defaults` block of a PodSecurityConfiguration: unset or empty fields become privileged and
// latest (admission/api/v1/defaults.go SetDefaults_PodSecurityDefaults); set ones must parse.
import { parseLevel, type Level } from '../level.ts';
import type { LevelVersion } from '../level-version.ts';
import type { Policy } from '../namespace-policy.ts';
import { LATEST, parseVersion, type Version } from '../version.ts';
import { checkKnownFields, fieldPath, invalidType, invalidValue } from './config-fields.ts';
import { isJsonObject } from '../../manifest/json-value.ts';

const PATH = 'defaults';
const MODES = ['enforce', 'audit', 'warn'] as const;
type Mode = (typeof MODES)[number];
const FIELDS = MODES.flatMap((mode) => [mode, `${mode}-version`]);

export function parseConfigDefaults(value: unknown): { policy?: Policy; errors: string[] } {
  if (value === undefined || value === null) value = {};
  if (!isJsonObject(value)) return { errors: [invalidType(PATH, 'object', value)] };
  const block = value;
  const errors = checkKnownFields(block, PATH, FIELDS);

  const text = (field: string): string | undefined => {
    const raw = block[field];
    if (raw === undefined || raw === null || raw === '') return undefined;
    if (typeof raw === 'string') return raw;
    errors.push(invalidType(fieldPath(PATH, field), 'string', raw));
    return undefined;
  };
  const level = (mode: Mode): Level => {
    const raw = text(mode);
    if (raw === undefined) return 'privileged';
    const parsed = parseLevel(raw);
    if (parsed.ok) return parsed.level;
    errors.push(invalidValue(fieldPath(PATH, mode), raw, parsed.message));
    return 'privileged';
  };
  const version = (mode: Mode): Version => {
    const field = `${mode}-version`;
    const raw = text(field);
    if (raw === undefined) return LATEST;
    const parsed = parseVersion(raw);
    if (parsed.ok) return parsed.version;
    errors.push(invalidValue(fieldPath(PATH, field), raw, parsed.message));
    return LATEST;
  };
  const mode = (m: Mode): LevelVersion => ({ level: level(m), version: version(m) });

  // Upstream validates enforce, warn, then audit; errors come out in that order.
  const enforce = mode('enforce');
  const warn = mode('warn');
  const audit = mode('audit');
  return errors.length > 0 ? { errors } : { policy: { enforce, audit, warn }, errors };
}
