import { loadEnv } from './env.ts';
import { createLogger } from './logger.ts';
import { startWorker } from './start-worker.ts';

/** Force the exit if a graceful shutdown hangs (a job that ignores its deadline). */
const SHUTDOWN_TIMEOUT_MS = 25_000;

async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  const worker = await startWorker(env, { log });
  log.info(
    { queuePrefix: env.QUEUE_PREFIX, metricsPort: worker.metricsPort, schedulers: env.WORKER_SCHEDULERS },
    'worker ready',
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    worker.close().then(
      () => {
        log.info('worker stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  // The logger may not exist yet (bad env): write one JSON line by hand.
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', msg: 'worker failed to start', err: String(err) })}\n`,
  );
  process.exit(1);
});
