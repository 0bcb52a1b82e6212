// Entry point: `node --import tsx server/main.ts`. Reads process.env, starts Podium, and shuts it
// down gracefully on SIGTERM/SIGINT (a second signal exits at once).
import { ConfigError } from './config/index.ts';
import { createLogger, type Logger } from './log/index.ts';
import { startPodium, type RunningPodium } from './server.ts';

let podium: RunningPodium | null = null;
let bootLog: Logger | null = null;
const log = (): Logger => podium?.logger ?? (bootLog ??= createLogger('info'));

process.on('unhandledRejection', (reason) => {
  log().error({ err: reason }, 'unhandled promise rejection');
});
process.on('uncaughtException', (err) => {
  log().fatal({ err }, 'uncaught exception; exiting');
  process.exit(1);
});

let stopping = false;
function stop(): void {
  podium
    ?.close()
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      log().error({ err }, 'shutdown failed');
      process.exit(1);
    });
}

// Registered before starting, so a signal during start-up (migrations, SFU) still shuts down cleanly.
function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    log().warn({ signal }, 'second signal; exiting now');
    process.exit(1);
  }
  stopping = true;
  log().info({ signal }, 'signal received');
  stop(); // a no-op until started; the start path below checks `stopping`
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

/** One line for the operator: the message and, when there is one, what caused it. */
function describeStartFailure(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `\n  cause: ${err.cause.message}` : '';
    return `Podium cannot start: ${err.message}${cause}`;
  }
  return `Podium cannot start: ${String(err)}`;
}

try {
  podium = await startPodium(process.env);
  if (stopping) stop();
} catch (err) {
  process.stderr.write(`${describeStartFailure(err)}\n`);
  // Config problems are the operator's to fix; a stack trace would only hide the message.
  if (!(err instanceof ConfigError)) log().debug({ err }, 'start failed');
  process.exit(1);
}
