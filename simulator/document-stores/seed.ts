// Loads generated loyalty and channel documents into their document stores (MongoDB or the in-memory backend).
import type { DocumentDatabase } from '../../subgraphs/kit/store/document-store.ts';
import { MEMBERSHIP_COLLECTIONS } from '../../subgraphs/membership/model.ts';
import { CHANNEL_COLLECTIONS } from '../../subgraphs/channel/model.ts';
import type { ChannelData, MembershipData } from '../generator/types.ts';

const BATCH = 5_000;

async function load<T extends { _id: string }>(db: DocumentDatabase, name: string, docs: T[]): Promise<void> {
  const collection = db.collection<T>(name);
  // Insert what is not there yet: seeding twice gives the same store, and plain inserts are
  // what every MongoDB-compatible server does fastest.
  for (let i = 0; i < docs.length; i += BATCH) await collection.insertNew(docs.slice(i, i + BATCH));
}

export async function seedMembership(db: DocumentDatabase, data: MembershipData): Promise<void> {
  await load(db, MEMBERSHIP_COLLECTIONS.members, data.members);
  await load(db, MEMBERSHIP_COLLECTIONS.ledger, data.ledger);
  await load(db, MEMBERSHIP_COLLECTIONS.activities, data.activities);
}

export async function seedChannel(db: DocumentDatabase, data: ChannelData): Promise<void> {
  await load(db, CHANNEL_COLLECTIONS.profiles, data.profiles);
  await load(db, CHANNEL_COLLECTIONS.touchpoints, data.touchpoints);
  await load(db, CHANNEL_COLLECTIONS.devices, data.devices);
  await load(db, CHANNEL_COLLECTIONS.preferences, data.preferences);
}
