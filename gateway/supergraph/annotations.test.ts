// The real supergraph's security annotations: what issue 5 asks for is there, every guarded field can be withheld, and the gateway can enforce it all.
import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isNonNullType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUPERGRAPH_FILE } from '../../schema/composition.ts';
import { prepareSupergraph } from './security.ts';

const { gatewaySdl, directives } = prepareSupergraph(readFileSync(SUPERGRAPH_FILE, 'utf8'));
const PII = [['pii:read'], ['pii:masked']];

describe('the supergraph in schema/', () => {
  it('needs an authenticated caller for every customer read', () => {
    expect(directives.types.Customer?.authenticated).toBe(true);
    for (const field of ['customer', 'customers', 'customerBySourceId', 'customerList']) expect(directives.fields[`Query.${field}`]?.authenticated).toBe(true);
    expect(directives.fields['Query.searchCustomers']?.scopes).toEqual([['pii:read']]);
  });

  it('needs pii:read (or pii:masked) for name, email, phone, birth date and address, wherever they live', () => {
    for (const f of ['name', 'email', 'phone', 'birthDate', 'address', 'postcode']) expect(directives.fields[`Profile.${f}`]?.scopes).toEqual(PII);
    for (const f of ['name', 'email', 'mobile', 'phone', 'birthday', 'address']) expect(directives.fields[`Contact.${f}`]?.scopes).toEqual(PII);
    for (const f of ['name', 'email', 'mobile', 'phone', 'birthDate', 'address', 'postcode']) expect(directives.fields[`ErpAccount.${f}`]?.scopes).toEqual(PII);
  });

  it('keeps case notes for the service purpose and steward mutations for stewards', () => {
    expect(directives.fields['Case.notes']?.policies).toEqual([['purpose:service']]);
    for (const m of ['mergeCustomers', 'unmergeSourceRecord', 'preventMatch']) expect(directives.fields[`Mutation.${m}`]?.scopes).toEqual([['steward']]);
  });

  it('guards no field that cannot be returned as null without taking its parent with it (except root mutations)', () => {
    const schema = buildSchema(gatewaySdl, { assumeValidSDL: true });
    const offenders: string[] = [];
    for (const coordinate of Object.keys(directives.fields)) {
      const [type, field] = coordinate.split('.');
      if (type === 'Mutation' || type === 'Query') continue;
      const t = schema.getType(type);
      if (isObjectType(t) && isNonNullType(t.getFields()[field].type)) offenders.push(coordinate);
    }
    expect(offenders).toEqual([]);
    expect(getNamedType(schema.getQueryType()!.getFields().customer.type).name).toBe('Customer');
  });

  it('sizes every paginated list for the cost limit', () => {
    for (const c of ['Query.customerList', 'Customer.orders', 'Customer.cases', 'Customer.touchpoints', 'Customer.pointsLedger', 'Customer.journey']) {
      expect(directives.listSizes[c]?.slicingArguments, c).toEqual(['first']);
    }
  });
});
