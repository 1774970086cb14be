// What the governance policies know and decide about one request; it rides on the GraphQL context under a symbol.
import type { Principal } from './auth/principal.ts';
import type { Measurements } from './operation/measure.ts';
import { contextSlot } from './context-slot.ts';

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

const slot = contextSlot<Governance>('singleview.governance');

export const attachGovernance = slot.attach;
export const governanceOf = slot.of;
