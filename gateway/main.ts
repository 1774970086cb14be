// Gateway process entry point: configuration, Node cluster workers, and graceful shutdown on SIGINT/SIGTERM.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { ConfigError, readInt } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { setupTracing, shutdownTracing } from '../runtime/tracing.ts';
import { readGatewayConfig, type GatewayConfig } from './config.ts';
import { startGateway } from './server.ts';
import { relayInvalidation } from './subgraphs/entity-cache-peers.ts';

const logger = createLogger('gateway');

/**
 * GATEWAY_WORKERS: how many processes serve the port (Node cluster). Default: one per CPU
 * in production, one in development. Each worker holds its own query-plan cache, entity
 * cache and subgraph pools; entity-cache invalidations are relayed to every worker, and
 * rate limits are exact across workers only with REDIS_URL.
 */
function workerCount(): number {
  const production = process.env.SINGLEVIEW_ENV === 'production';
  return readInt(process.env, 'GATEWAY_WORKERS', production ? availableParallelism() : 1, 1, 256);
}

async function serve(config: GatewayConfig): Promise<void> {
  setupTracing();
  const gateway = await startGateway(config, logger);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    await gateway.close();
    await shutdownTracing();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function supervise(workers: number): void {
  logger.info({ workers }, 'starting gateway workers');
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  // Entity-cache invalidations made in one worker reach the others.
  cluster.on('message', (worker, message) => relayInvalidation(worker, message, Object.values(cluster.workers ?? {})));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that dies is replaced; a configuration error stops everything.
    if (code === 2) {
      logger.fatal('a worker stopped on a configuration error');
      process.exit(2);
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'gateway worker died; starting another');
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

try {
  // Fail fast, in the primary, on a bad setting: before any worker starts.
  const config = readGatewayConfig();
  const workers = workerCount();
  if (cluster.isPrimary && workers > 1) supervise(workers);
  else await serve(config);
} catch (error) {
  if (error instanceof ConfigError) {
    logger.fatal(error.message);
    process.exit(2);
  }
  throw error;
}
