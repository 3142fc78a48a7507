// One Lambda function's execution environment, as a process of its own: the handler module is
// imported once (the cold start, with the environment the parent chose), then each IPC message is
// one invocation with a Lambda-shaped context. stdout and stderr are the function's log, as in
// CloudWatch Logs. Run by local-lambda.ts: `node local-lambda-worker.ts MODULE NAME TIMEOUT_MS`.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { WorkerReply, WorkerRequest } from './local-lambda-protocol.ts';

const [modulePath, functionName = 'function', timeoutText = '60000'] = process.argv.slice(2);
if (modulePath === undefined || process.send === undefined) throw new Error('usage: node local-lambda-worker.ts MODULE NAME TIMEOUT_MS, started with an IPC channel');
const send = (reply: WorkerReply): void => void process.send?.(reply);
const timeoutMs = Number(timeoutText);
const region = process.env['AWS_REGION'] ?? 'us-east-1';

function errorOf(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
  return { name: 'Error', message: String(error) };
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const initStarted = performance.now();
let handler: Handler;
try {
  handler = ((await import(pathToFileURL(modulePath).href)) as { handler: Handler }).handler;
} catch (error) {
  // What Lambda logs for an init failure (Runtime.ImportModuleError / the thrown error).
  process.stdout.write(`${JSON.stringify({ errorType: errorOf(error).name, errorMessage: errorOf(error).message, phase: 'init' })}\n`);
  send({ type: 'init-failed', error: errorOf(error) });
  process.exit(1);
}
send({ type: 'ready', initMs: performance.now() - initStarted });

function contextFor(requestId: string, deadline: number): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

// One invocation at a time, as one Lambda execution environment runs them.
let queue: Promise<void> = Promise.resolve();
process.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    const requestId = randomUUID();
    process.stdout.write(`START RequestId: ${requestId} Version: $LATEST\n`);
    const started = performance.now();
    try {
      const result = await handler(request.event, contextFor(requestId, Date.now() + timeoutMs));
      send({ type: 'result', id: request.id, result, durationMs: performance.now() - started });
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ errorType: errorOf(error).name, errorMessage: errorOf(error).message, requestId })}\n`);
      send({ type: 'error', id: request.id, error: errorOf(error), durationMs: performance.now() - started });
    }
    process.stdout.write(`END RequestId: ${requestId}\n`);
  });
});
// The parent went away (it finished, or died): so does the environment.
process.on('disconnect', () => process.exit(0));
