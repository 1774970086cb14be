// Vanilla @apollo/gateway, configured as The Guild's benchmark repo does: ApolloServer + ApolloGateway + startStandaloneServer.
//
// Usage: node bench/targets/apollo-gateway.ts SUPERGRAPH_FILE PORT [WORKERS]
// With WORKERS > 1, node:cluster forks that many identical workers sharing the port (as Hive's --fork does).
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const [supergraphPath, portArg, workersArg = '1'] = process.argv.slice(2);
const workers = Number(workersArg);
if (!supergraphPath || !portArg) throw new Error('usage: apollo-gateway.ts SUPERGRAPH_FILE PORT [WORKERS]');

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  let ready = 0;
  cluster.on('message', (_worker, message: unknown) => {
    if (message === 'ready' && ++ready === workers) console.log(`apollo-gateway ready on ${portArg} with ${workers} workers`);
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  const supergraphSdl = readFileSync(supergraphPath, 'utf8');
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(portArg), host: '127.0.0.1' } });
  if (cluster.isWorker) process.send?.('ready');
  else console.log(`apollo-gateway ready at ${url}`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
