// Gateway process entry point: read the configuration, start serving, and shut down cleanly on SIGINT/SIGTERM.
import { ConfigError } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { readGatewayConfig } from './config.ts';
import { startGateway } from './server.ts';

const logger = createLogger('gateway');
try {
  const gateway = await startGateway(readGatewayConfig(), logger);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof ConfigError) {
    logger.fatal(error.message);
    process.exit(2);
  }
  throw error;
}
