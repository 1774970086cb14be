// Maps a legacy system's native record to the identity graph's source-record document (canonical fields plus search keys).
import { recordKey, type SourceSystemId } from '../../kit/source-system.ts';
import type { SourceRecordDoc } from '../model.ts';
import { searchKeys } from '../search-keys.ts';
import { SYSTEM_KEYS, SYSTEM_MAPPINGS } from './system-mappings.ts';

/** Map a legacy system's native record to the identity graph's source-record document. */
export function toSourceRecord(system: SourceSystemId, native: Record<string, unknown>, now: string): SourceRecordDoc {
  const fields = SYSTEM_MAPPINGS[system](native);
  const nativeId = SYSTEM_KEYS[system].id(native);
  return {
    _id: recordKey(system, nativeId),
    system,
    nativeId,
    updatedAt: SYSTEM_KEYS[system].updatedAt(native),
    fields,
    search: searchKeys({ email: fields.email, phone: fields.phone, name: fields.name }),
    ingestedAt: now,
  };
}
