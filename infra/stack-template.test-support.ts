// One assertion helper for the infrastructure tests (the habit of cdk-nag's test/rules/utils.ts):
// a synthesized stack's template, looked up by the constructs the stack exposes, so each test
// states one property ("the scan role may delete only staging objects") in a line or two.
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { expect } from 'vitest';

export type Json = unknown;

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: Json;
  readonly Principal?: Json;
  readonly Condition?: Record<string, Record<string, Json>>;
}

export interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, Json>;
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourcesOf(statement: Statement): Json[] {
  const r = statement.Resource;
  return r === undefined ? [] : Array.isArray(r) ? r : [r];
}

export class StackTemplate {
  readonly stack: Stack;
  readonly template: Template;
  readonly json: { readonly Resources: Record<string, Resource> };

  constructor(stack: Stack) {
    this.stack = stack;
    this.template = Template.fromStack(stack);
    this.json = this.template.toJSON() as StackTemplate['json'];
  }

  /** The logical ID of a construct (an L2: its default child). */
  id(construct: IConstruct): string {
    const element = (construct.node.defaultChild ?? construct) as CfnElement;
    return this.stack.getLogicalId(element);
  }

  /** `{ Ref: id }` of a construct. */
  ref(construct: IConstruct): Json {
    return { Ref: this.id(construct) };
  }

  arn(construct: IConstruct): Json {
    return { 'Fn::GetAtt': [this.id(construct), 'Arn'] };
  }

  /** The properties of a construct's resource, checking its type. */
  props(construct: IConstruct, type: string): Record<string, Json> {
    const resource = this.json.Resources[this.id(construct)];
    expect(resource?.Type, `${construct.node.path} is a ${type}`).toBe(type);
    return resource?.Properties ?? {};
  }

  /** Every resource of a type. */
  all(type: string): Array<{ id: string; props: Record<string, Json> }> {
    return Object.entries(this.json.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id, r]) => ({ id, props: r.Properties ?? {} }));
  }

  /** Every statement of every policy attached to the role (inline or AWS::IAM::Policy). */
  statementsOf(role: IConstruct): Statement[] {
    const id = this.id(role);
    const attached = this.all('AWS::IAM::Policy').filter((p) => (p.props['Roles'] as Json[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: id })));
    const inline = ((this.json.Resources[id]?.Properties['Policies'] as Array<{ PolicyDocument: { Statement: Statement[] } }>) ?? []).map((p) => p.PolicyDocument);
    return [...attached.map((p) => p.props['PolicyDocument'] as { Statement: Statement[] }), ...inline].flatMap((d) => d.Statement);
  }

  /** Each action the role is allowed, with the resources it is allowed on. */
  allowed(role: IConstruct): Map<string, Json[]> {
    const allowed = new Map<string, Json[]>();
    for (const statement of this.statementsOf(role).filter((s) => s.Effect === 'Allow')) {
      for (const action of actionsOf(statement)) allowed.set(action, [...(allowed.get(action) ?? []), ...resourcesOf(statement)]);
    }
    return allowed;
  }

  /** The statements of a resource policy (bucket, topic, queue, key) that names `target` as its resource or policy target. */
  resourcePolicy(type: string, targetKey: string, target: IConstruct): Statement[] {
    const ref = JSON.stringify(this.ref(target));
    return this.all(type)
      .filter((p) => JSON.stringify(p.props[targetKey]).includes(ref))
      .flatMap((p) => (p.props['PolicyDocument'] as { Statement: Statement[] }).Statement);
  }

  /** The value as CloudFormation gets it (tokens resolved to Ref/GetAtt/Join). */
  resolve(value: unknown): Json {
    return Stack.of(this.stack).resolve(value);
  }
}

/** A TLS-only policy: a Deny of everything when aws:SecureTransport is false. */
export function deniesInsecureTransport(statements: readonly Statement[]): boolean {
  return statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }));
}
