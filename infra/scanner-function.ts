// One of the scanner's functions: a NodejsFunction (esbuild, ESM, nodejs24.x, arm64) with its own
// log group (retention set, kept when the stack goes) and its own role. The role is named (the
// member accounts' trust policies name it, member-account-stack.ts) and holds inline statements
// only: what the function needs is added by scanner-permissions.ts, the log group's write access
// here. Not the AWSLambdaBasicExecutionRole managed policy: it lets a function create and write
// any log group in the account.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type CfnFunction, type IDestination } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_BUNDLE, nodejsBundlingOptions, type FilesBesideBundle } from './lambda-bundling.ts';

export interface ScannerFunctionProps {
  readonly entry: string;
  readonly description: string;
  readonly roleName: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  readonly tracing: boolean;
  /** Where an asynchronous invocation goes after its last failed attempt. */
  readonly onFailure?: IDestination;
  /** Files the function reads beside its bundle (lambda-bundling.ts). */
  readonly besideBundle?: FilesBesideBundle;
}

export class ScannerFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ScannerFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    this.role = new Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (psa-fleet-scanner)`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...props.environment },
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      bundling: nodejsBundlingOptions(LAMBDA_BUNDLE, props.besideBundle),
      ...(props.onFailure === undefined ? {} : { onFailure: props.onFailure, retryAttempts: 2 }),
    });
    // cfn-lint W3005 (a DependsOn already implied by a GetAtt): Function makes itself depend on its
    // role construct, which is the role (also in `Role: GetAtt`) and its default policy (needed:
    // the SQS event source mapping is refused until the role may receive). Harmless; CDK does it
    // for every function (aws/aws-cdk#24578 is the same for LogRetention).
    (this.function.node.defaultChild as CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
  }
}
