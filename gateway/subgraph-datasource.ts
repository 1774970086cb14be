// The one place that owns how the gateway talks to a subgraph: URL overrides now; timeouts, retries and breakers plug in here.
import { RemoteGraphQLDataSource } from '@apollo/gateway';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource {
  readonly name: string;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url });
    this.name = options.name;
  }
}

/** The URL a subgraph is called at: the configured override, else the supergraph's routing URL. */
export function subgraphUrl(name: string, routingUrl: string | undefined, overrides: Record<string, string>): string {
  const url = overrides[name] ?? routingUrl;
  if (!url) throw new Error(`Subgraph "${name}" has no URL: set SUBGRAPH_${name.toUpperCase()}_URL`);
  return url;
}
