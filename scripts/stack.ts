// Starts the whole system in one process: the simulated enterprise, the six subgraphs and the gateway (or all but the gateway), over real HTTP.
//
// `npm start` runs it on fixed ports; tests run it on free ports. Both go through the
// same code paths as production: only the stores' URIs point at embedded backends.
import { readGatewayConfig } from '../gateway/config.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import type { Logger } from '../runtime/logger.ts';
import { serveSubgraph, type RunningSubgraph } from '../subgraphs/kit/service.ts';
import { EMBEDDED_URI } from '../subgraphs/kit/store/open.ts';
import { EMBEDDED_ERP_URL, SUBGRAPH_PORTS, createSubgraph, type SubgraphName } from '../subgraphs/registry.ts';
import { startEnterprise, type Enterprise } from '../simulator/enterprise.ts';
import { feedIdentity, identityPusher } from '../simulator/identity-feed.ts';

export interface StackOptions {
  persons?: number;
  seed?: string;
  anchor?: string;
  mongoUri?: string;
  erpDatabaseUrl?: string;
  /** Fixed ports (npm start) or free ones (tests). */
  fixedPorts?: boolean;
  gatewayPort?: number;
  crmPort?: number;
  logger: Logger;
  /** Extra gateway settings, as environment variables. */
  gatewayEnv?: Record<string, string>;
  /** Extra subgraph settings, as environment variables (e.g. one store's own URI). */
  subgraphEnv?: Record<string, string>;
  /** Where the gateway reaches a subgraph, when not directly (e.g. through a fault-injecting proxy). */
  gatewaySubgraphUrl?: (name: SubgraphName, url: string) => string | Promise<string>;
}

/** The simulated enterprise and the six subgraphs, without a gateway (a benchmark runs the gateway under test as its own process). */
export interface SubgraphStack {
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** Stop one subgraph as if its process died (every connection cut at once), and start it again on the same port. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  startSubgraph(name: SubgraphName): Promise<void>;
  enterprise: Enterprise;
  identity: { records: number; customers: number; seconds: number };
  timings: Record<string, number>;
  close(): Promise<void>;
}

export interface Stack extends SubgraphStack {
  gateway: RunningGateway;
  /** The settings the gateway was started with on top of the process environment (subgraph URLs included), for a second gateway in front of the same stack. */
  gatewayEnv: Record<string, string>;
}

const ORDER: SubgraphName[] = ['identity', 'crm', 'erp', 'membership', 'channel', 'insights'];

/** The whole system: the subgraph stack, and the gateway in front of it. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { logger } = options;
  const started = performance.now();
  const stack = await startSubgraphStack(options);
  try {
    const gatewayEnv: Record<string, string> = { ...options.gatewayEnv, PORT: String(options.gatewayPort ?? (options.fixedPorts ? 4000 : 0)) };
    for (const name of ORDER) {
      gatewayEnv[`SUBGRAPH_${name.toUpperCase()}_URL`] = (await options.gatewaySubgraphUrl?.(name, stack.subgraphs[name].graphqlUrl)) ?? stack.subgraphs[name].graphqlUrl;
    }
    const gateway = await startGateway(readGatewayConfig({ ...process.env, ...gatewayEnv }), logger.child({ component: 'gateway' }));
    const total = Math.round(performance.now() - started);
    return {
      ...stack,
      gateway,
      gatewayEnv,
      timings: { ...stack.timings, gateway: total, total },
      async close() {
        await gateway.close();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}

/** The simulated enterprise and the six subgraphs, with identity fed and resolved: everything but the gateway. */
export async function startSubgraphStack(options: StackOptions): Promise<SubgraphStack> {
  const { logger } = options;
  const mongoUri = options.mongoUri ?? EMBEDDED_URI;
  const erpDatabaseUrl = options.erpDatabaseUrl ?? EMBEDDED_ERP_URL;
  const started = performance.now();
  const timings: Record<string, number> = {};
  const enterprise = await startEnterprise({
    persons: options.persons,
    seed: options.seed,
    anchor: options.anchor,
    mongoUri,
    erpDatabaseUrl,
    crmPort: options.crmPort ?? (options.fixedPorts ? 4201 : 0),
  });
  const running: Partial<Record<SubgraphName, RunningSubgraph>> = {};
  try {
    const env: Record<string, string> = {
      MONGODB_URI: mongoUri,
      ERP_DATABASE_URL: erpDatabaseUrl,
      CRM_API_URL: enterprise.crm.url,
      ...options.subgraphEnv,
    };
    const mark = (label: string) => (timings[label] = Math.round(performance.now() - started));
    mark('enterprise');
    for (const name of ORDER) {
      const definition = await createSubgraph(name, env, logger.child({ subgraph: name }));
      running[name] = await serveSubgraph(definition, { port: options.fixedPorts ? SUBGRAPH_PORTS[name] : 0, logger });
      if (name === 'identity') env.IDENTITY_URL = running.identity!.url;
    }
    mark('subgraphs');
    // The CRM pushes every contact created or changed through its API to identity ingest (incremental resolution).
    const crmPush = identityPusher(running.identity!.url, 'crm');
    enterprise.onContactChanged(async (contact) => {
      try {
        await crmPush.push(contact);
      } catch (error) {
        // The contact is saved in the CRM either way; the next full resolution picks it up.
        logger.warn({ err: error }, 'pushing a changed CRM contact to identity failed');
      }
    });
    const identity = await feedIdentity(running.identity!.url, enterprise.data);
    mark('identityFed');
    const subgraphs = running as Record<SubgraphName, RunningSubgraph>;
    const ports = Object.fromEntries(ORDER.map((name) => [name, subgraphs[name].port])) as Record<SubgraphName, number>;
    return {
      subgraphs,
      async stopSubgraph(name) {
        await subgraphs[name].close(0);
      },
      async startSubgraph(name) {
        const definition = await createSubgraph(name, env, logger.child({ subgraph: name }));
        subgraphs[name] = await serveSubgraph(definition, { port: ports[name], logger });
      },
      enterprise,
      identity,
      timings: { ...enterprise.timings, ...timings, identityResolution: Math.round(identity.seconds * 1000), total: Math.round(performance.now() - started) },
      async close() {
        await crmPush.close();
        for (const name of [...ORDER].reverse()) await subgraphs[name].close();
        await enterprise.close();
      },
    };
  } catch (error) {
    for (const subgraph of Object.values(running)) await subgraph.close();
    await enterprise.close();
    throw error;
  }
}
