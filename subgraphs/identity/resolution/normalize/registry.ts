// Looks a normalizer up by the name a field mapping gives it.
import { normalizeAddress } from './address.ts';
import { normalizeDate } from './date.ts';
import { normalizeEmail } from './email.ts';
import type { Normalizer } from './normalized-value.ts';
import { normalizeFamilyName, normalizeGivenName, normalizePersonName } from './person-name.ts';
import { normalizePhone } from './phone.ts';
import { normalizePostcode } from './postcode.ts';
import { normalizeIdentifier, normalizeText } from './text.ts';
import type { NormalizerName } from '../types.ts';

export const NORMALIZERS: Record<NormalizerName, Normalizer> = {
  email: normalizeEmail,
  phone: normalizePhone,
  personName: normalizePersonName,
  givenName: normalizeGivenName,
  familyName: normalizeFamilyName,
  date: normalizeDate,
  postcode: normalizePostcode,
  address: normalizeAddress,
  identifier: normalizeIdentifier,
  text: normalizeText,
};
