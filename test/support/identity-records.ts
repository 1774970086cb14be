// Test support: identity fixtures (legacy records in each system's native shape) for the identity store and end-to-end tests.
import { toSourceRecord } from '../../subgraphs/identity/ingest/source-records.ts';
import type { SourceRecordDoc } from '../../subgraphs/identity/model.ts';
import { searchKeys } from '../../subgraphs/identity/search-keys.ts';
import type { SourceRecord } from '../../subgraphs/identity/resolution/index.ts';

const AT = '2026-10-01T00:00:00.000Z';

/** A household: mother and son share the landline and the address, nothing else; each has a second record elsewhere. */
export function householdRecords(): SourceRecordDoc[] {
  const address = { line1: '월드컵로 12', city: '서울특별시 마포구', postcode: '03900' };
  return [
    toSourceRecord('crm', { contactId: 'C-MOTHER', fullName: '김영희', email: 'younghee.kim@naver.com', phone: '02-555-1234', birthday: '1962-04-11', address, updatedAt: AT }, AT),
    toSourceRecord('erp', { CUST_NO: 'K-MOTHER', CUST_NM: 'KIM YOUNGHEE', TEL_NO: '02-555-1234', BIRTH_DT: '19620411', ADDR1: '서울특별시 마포구 월드컵로 12', ZIP_CD: '03900', UPD_DT: AT }, AT),
    toSourceRecord('crm', { contactId: 'C-SON', fullName: '김민준', email: 'mj.kim@gmail.com', phone: '02-555-1234', birthday: '1991-09-30', address, updatedAt: AT }, AT),
    toSourceRecord('membership', { _id: 'M-SON', name: 'Minjun Kim', email: 'mj.kim@gmail.com', phone: '025551234', birthDate: '1991.09.30', updatedAt: AT }, AT),
  ];
}

/** An engine record (canonical fields) as the store holds it. */
export function storedRecord(record: SourceRecord, now = AT): SourceRecordDoc {
  const fields: SourceRecordDoc['fields'] = {};
  for (const [name, value] of Object.entries(record.fields)) fields[name] = value ?? null;
  return {
    _id: `${record.system}:${record.id}`,
    system: record.system as SourceRecordDoc['system'],
    nativeId: record.id,
    updatedAt: record.updatedAt ?? null,
    fields,
    search: searchKeys({ email: fields.email, phone: fields.phone, name: fields.name }),
    ingestedAt: now,
  };
}

/** Two people with two records each, linked by email and name: the smallest graph with something to merge and unmerge. */
export function twoPeople(): SourceRecordDoc[] {
  return [
    toSourceRecord('crm', { contactId: 'C-A', fullName: '박지훈', email: 'jihoon.park@daum.net', mobile: '010-3141-5926', updatedAt: AT }, AT),
    toSourceRecord('membership', { _id: 'M-A', name: 'Park Jihoon', email: 'jihoon.park@daum.net', phone: '010-3141-5926', updatedAt: AT }, AT),
    toSourceRecord('crm', { contactId: 'C-B', fullName: '최유리', email: 'yuri.choi@naver.com', mobile: '010-2718-2818', updatedAt: AT }, AT),
    toSourceRecord('erp', { CUST_NO: 'K-B', CUST_NM: 'CHOI YURI', EMAIL: 'yuri.choi@naver.com', HP_NO: '01027182818', UPD_DT: AT }, AT),
  ];
}
