// What the governance policies know and decide about one request; it rides on the GraphQL context under a symbol.
import type { Principal } from './auth/principal.ts';
import type { Measurements } from './operation/measure.ts';

export interface PersistedOperation {
  id: string;
  name: string | null;
  body: string;
}

export interface Governance {
  principal: Principal;
  /** The manifest operation the request named, when it named one. */
  persisted: PersistedOperation | null;
  /** Shape measured before parsing (null when the text arrived by APQ hash only). */
  measured: Measurements | null;
  /** Set once the limits plugin has checked the shape, wherever it did. */
  shapeChecked: boolean;
}

const GOVERNANCE = Symbol.for('singleview.governance');

export function attachGovernance<T extends object>(context: T, governance: Governance): T {
  (context as Record<symbol, unknown>)[GOVERNANCE] = governance;
  return context;
}

export function governanceOf(context: unknown): Governance | undefined {
  return context && typeof context === 'object' ? ((context as Record<symbol, unknown>)[GOVERNANCE] as Governance | undefined) : undefined;
}
