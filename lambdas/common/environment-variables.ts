// Reading a Lambda's environment into typed values: one zod schema per function over the variables
// it reads, every issue reported as `VARIABLE: why (got "value")`. An empty value counts as unset,
// as CloudFormation leaves a variable it has no value for.
import { z } from 'zod';
import { FleetConfigError, parseEksFleetConfig, type EksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import { LambdaConfigError } from './lambda-config-error.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The variables named, with empty strings taken as unset. */
export function variablesOf(environment: Environment, names: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((name) => [name, environment[name] === '' ? undefined : environment[name]]));
}

/** A value too long for a log line is cut: the variable's name says where to look. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'nothing' : JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/** Parses `variables` with `schema`; throws LambdaConfigError naming each variable that is wrong. */
export function parseVariables<S extends z.ZodType>(schema: S, variables: Record<string, string | undefined>): z.infer<S> {
  const parsed = schema.safeParse(variables);
  if (parsed.success) return parsed.data;
  throw new LambdaConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      const value = variables[name];
      return `${name}: ${issue.message}${value === undefined ? '' : ` (got ${shown(value)})`}`;
    }),
  );
}

/** An integer variable in [min, max] with a default. */
export function integerVariable(min: number, max: number, fallback?: number): z.ZodType<number> {
  const integer = z
    .string()
    .regex(/^\d+$/, { error: `must be an integer from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be an integer from ${min} to ${max}` });
  return (fallback === undefined ? integer : integer.optional().transform((n) => n ?? fallback)) as z.ZodType<number>;
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html: arn:partition:sns:region:account:topic
const SNS_TOPIC_ARN = /^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

export const snsTopicArn = z.string({ error: 'must be set (the alert topic ARN)' }).regex(SNS_TOPIC_ARN, { error: 'must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)' });

/** The region an SNS topic ARN names: the SNS client must be in it. */
export function topicRegion(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/**
 * FLEET_CONFIG: the JSON of an EksFleetConfig (shared/fleet/eks-fleet-config.ts), checked by the
 * core's own parser; its problems come back named `FLEET_CONFIG: accounts[0].regions: ...`.
 */
export function parseFleetConfigVariable(environment: Environment, name = 'FLEET_CONFIG'): EksFleetConfig {
  const text = variablesOf(environment, [name])[name];
  if (text === undefined) throw new LambdaConfigError([`${name}: must be set (the JSON of the fleet configuration)`]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LambdaConfigError([`${name}: not JSON: ${(error as Error).message}`]);
  }
  try {
    return parseEksFleetConfig(json, name);
  } catch (error) {
    if (error instanceof FleetConfigError) throw new LambdaConfigError(error.problems);
    throw error;
  }
}

/** Runs each part of a configuration's parsing and reports the problems of all of them at once. */
export function collectProblems<T extends Record<string, unknown>>(parts: { [K in keyof T]: () => T[K] }): T {
  const problems: string[] = [];
  const values: Partial<T> = {};
  for (const key of Object.keys(parts) as Array<keyof T>) {
    try {
      values[key] = parts[key]();
    } catch (error) {
      if (!(error instanceof LambdaConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new LambdaConfigError(problems);
  return values as T;
}
