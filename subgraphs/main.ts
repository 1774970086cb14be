// Runs one subgraph as its own process: `npm run subgraph -- crm`, configured from the environment.
import { ConfigError, readInt } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { serveSubgraph } from './kit/service.ts';
import { SUBGRAPH_PORTS, createSubgraph, type SubgraphName } from './registry.ts';

const name = process.argv[2] as SubgraphName;
if (!(name in SUBGRAPH_PORTS)) {
  console.error(`usage: npm run subgraph -- <${Object.keys(SUBGRAPH_PORTS).join('|')}>`);
  process.exit(2);
}
const logger = createLogger(`subgraph-${name}`);
try {
  const definition = await createSubgraph(name, process.env, logger);
  const running = await serveSubgraph(definition, {
    port: readInt(process.env, 'PORT', SUBGRAPH_PORTS[name], 0, 65_535),
    host: process.env.HOST ?? '127.0.0.1',
    logger,
  });
  const shutdown = async () => {
    await running.close();
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
