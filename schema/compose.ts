// `npm run compose`: regenerates schema/supergraph.graphql (or, with --check, fails when it is stale).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_FILE } from './composition.ts';

const check = process.argv.includes('--check');
const fresh = composeSupergraph();
const current = existsSync(SUPERGRAPH_FILE) ? readFileSync(SUPERGRAPH_FILE, 'utf8') : '';
if (check) {
  if (current !== fresh) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit the result.');
    process.exit(1);
  }
  console.log('schema/supergraph.graphql is up to date.');
} else {
  writeFileSync(SUPERGRAPH_FILE, fresh);
  console.log(current === fresh ? 'schema/supergraph.graphql unchanged.' : 'schema/supergraph.graphql written.');
}
