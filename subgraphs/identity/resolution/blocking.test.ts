import { describe, expect, it } from 'vitest';
import { BlockIndex } from './blocking.ts';
import { bundledConfig } from './config.ts';
import { RecordTable } from './record-table.ts';

const config = bundledConfig('customer');

function tableOf(fields: Array<Record<string, string | string[]>>): RecordTable {
  const table = new RecordTable(config);
  fields.forEach((f, i) => table.append({ system: 'crm', id: String(i), fields: f }));
  return table;
}

describe('blocking keys', () => {
  it('builds keys from transformed parts', () => {
    const table = tableOf([{ name: '김민준', birthDate: '1985-03-07', postcode: '06236' }]);
    const key = (parts: ConstructorParameters<typeof BlockIndex>[0]['parts']) => new BlockIndex({ name: 't', parts }, table, 100).keysOf(0);
    expect(key([{ attribute: 'name', transform: 'family' }, { attribute: 'birthDate', transform: 'year' }])).toEqual(['kim\u00011985']);
    expect(key([{ attribute: 'name', transform: ['given', 'skeleton'] }])).toEqual(['mnjn']);
    expect(key([{ attribute: 'name', transform: 'initials' }])).toEqual(['km']);
    expect(key([{ attribute: 'birthDate', transform: 'monthDay' }])).toEqual(['03-07']);
    expect(key([{ attribute: 'postcode', transform: 'prefix:3' }])).toEqual(['062']);
    expect(key([{ attribute: 'name', transform: ['family', 'soundex'] }])).toEqual(['K500']);
    expect(key([{ attribute: 'email' }])).toEqual([]); // no value, no key
  });

  it('gives multi-valued attributes one key per value', () => {
    const table = tableOf([{ deviceIds: ['a1', 'b2', 'a1'] }]);
    expect(new BlockIndex({ name: 'd', parts: [{ attribute: 'deviceId' }] }, table, 100).keysOf(0).sort()).toEqual(['A1', 'B2']);
  });

  it('puts records with the same key in one block, and flags blocks over the cap', () => {
    const table = tableOf([{ phone: '010-3141-5926' }, { phone: '+82 10 3141 5926' }, { phone: '010-2718-2818' }, { phone: '01031415926' }]);
    const index = new BlockIndex({ name: 'phone', parts: [{ attribute: 'phone' }] }, table, 2);
    index.build(table.rows);
    const members: number[] = [];
    const block = index.rowBlocks.items.data[0];
    index.forEachMember(block, (row) => members.push(row));
    expect(members).toEqual([0, 1, 3]);
    expect(index.isOversized(block)).toBe(true);
    expect(index.shareBlock(0, 1)).toBe(false); // an oversized block is never compared
  });

  it('rejects unknown transforms and attributes', () => {
    const table = tableOf([]);
    expect(() => new BlockIndex({ name: 'x', parts: [{ attribute: 'name', transform: 'metaphone' as never }] }, table, 10)).toThrow(/unknown blocking transform/);
    expect(() => new BlockIndex({ name: 'x', parts: [{ attribute: 'shoeSize' }] }, table, 10)).toThrow(/unknown attribute/);
  });
});
