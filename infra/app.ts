// The CDK app's entry (cdk.json: `node infra/app.ts`, Node 24 from node_modules/.bin under npx):
//   npx cdk synth [-c KEY=VALUE ...]      offline, no AWS account, no Docker (esbuild is local)
//   npx cdk deploy PsaFleetScanner        in the scanner account
//   npx cdk deploy PsaFleetScannerMember  in each member account
// The context keys are in infra/README.md (and app-context.ts).
import { App } from 'aws-cdk-lib';
import { readAppContext } from './app-context.ts';
import { buildScannerApp } from './scanner-app.ts';
import { SettingsError } from './settings-error.ts';

const app = new App();
try {
  buildScannerApp(app, readAppContext((key) => app.node.tryGetContext(key), { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] }));
} catch (error) {
  // The problems, not a stack trace: they name the context key or setting to fix.
  if (!(error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
