// How each legacy system's native record maps onto Singleview's canonical identity fields.
//
// The legacy systems push records in their own shapes; this table is the only place
// that knows a CRM says `fullName` where the ERP says `CUST_NM`.
import type { SourceSystemId } from '../../kit/source-system.ts';

export type CanonicalFields = Record<string, string | string[] | null>;

type Native = Record<string, unknown>;

function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function list(...values: unknown[]): string[] | null {
  const out = values.map(str).filter((v): v is string => v !== null);
  return out.length ? out : null;
}

function joined(...values: unknown[]): string | null {
  const parts = values.map(str).filter((v): v is string => v !== null);
  return parts.length ? parts.join(' ') : null;
}

export const SYSTEM_MAPPINGS: Record<SourceSystemId, (record: Native) => CanonicalFields> = {
  crm: (r) => {
    const address = (r.address ?? null) as { line1?: string; city?: string; postcode?: string } | null;
    return {
      name: str(r.fullName),
      email: str(r.email),
      phone: list(r.mobile, r.phone),
      birthDate: str(r.birthday),
      address: address ? joined(address.city, address.line1) : null,
      postcode: str(address?.postcode),
      membershipNumber: str(r.membershipNo),
    };
  },
  erp: (r) => ({
    name: str(r.CUST_NM),
    email: str(r.EMAIL),
    phone: list(r.HP_NO, r.TEL_NO),
    birthDate: str(r.BIRTH_DT),
    address: joined(r.ADDR1, r.ADDR2),
    postcode: str(r.ZIP_CD),
  }),
  membership: (r) => ({
    name: list(r.name, r.nameEn),
    email: str(r.email),
    phone: str(r.phone),
    birthDate: str(r.birthDate),
  }),
  channel: (r) => ({
    email: str(r.email),
    phone: str(r.phone),
    deviceIds: Array.isArray(r.deviceIds) && r.deviceIds.length ? (r.deviceIds as unknown[]).map(String) : null,
  }),
};

/** The native key and last-update time of a legacy record, by system. */
export const SYSTEM_KEYS: Record<SourceSystemId, { id: (r: Native) => string; updatedAt: (r: Native) => string | null }> = {
  crm: { id: (r) => String(r.contactId), updatedAt: (r) => str(r.updatedAt) },
  erp: { id: (r) => String(r.CUST_NO), updatedAt: (r) => str(r.UPD_DT) },
  membership: { id: (r) => String(r._id ?? r.memberNo), updatedAt: (r) => str(r.updatedAt) },
  channel: { id: (r) => String(r._id ?? r.profileId), updatedAt: (r) => str(r.updatedAt) },
};
