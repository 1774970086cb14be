// Generates the true persons: names, contacts, households and personas, reproducibly from (seed, index).
import { FAMILY_NAMES, GIVEN_NAMES, spellGiven } from './korean-names.ts';
import { DISTRICTS, EMAIL_DOMAINS } from './places.ts';
import { Random } from './random.ts';
import type { Address, Person, Persona } from './types.ts';

const PERSONAS: readonly (readonly [Persona, number])[] = [
  ['visitor', 8], ['prospect', 12], ['potential', 15], ['occasional', 25], ['regular', 20], ['fan', 13], ['vip', 7],
];

const DAY = 86_400_000;

export function isoDaysBefore(anchor: number, days: number): string {
  return new Date(anchor - Math.round(days * DAY)).toISOString();
}

/**
 * A national mobile number unique to the person index: a multiplicative permutation of
 * 0..10^8-1, so numbers never collide and do not follow the index visibly.
 */
function mobileFor(index: number): string {
  const n = (index * 48_271 + 12_345_679) % 100_000_000;
  return `010${String(n).padStart(8, '0')}`;
}

export class PersonFactory {
  private readonly seed: string;
  private readonly anchor: number;
  private readonly usedEmails = new Set<string>();
  private household: {
    id: string;
    left: number;
    address: Address;
    homePhone?: string;
    family: (typeof FAMILY_NAMES)[number];
    /** Full names (Hangul) already given to its members: a family never gives two members the same name. */
    names: Set<string>;
  } | null = null;
  private households = 0;

  constructor(seed: string, anchor: number) {
    this.seed = seed;
    this.anchor = anchor;
  }

  /** Persons must be made in index order: households span consecutive persons. */
  make(index: number): Person {
    const rng = Random.derive(this.seed, 'person', index);
    const household = this.nextHousehold(rng);
    const family = household.family !== null && rng.chance(0.7) ? household.family : this.pickFamily(rng);
    let givenHangul = rng.pick(GIVEN_NAMES);
    while (household.names.has(family.hangul + givenHangul)) givenHangul = rng.pick(GIVEN_NAMES);
    household.names.add(family.hangul + givenHangul);
    const familyRoman = family.roman[0];
    const givenRoman = spellGiven(givenHangul, (spellings) => (rng.chance(0.8) ? spellings[0] : rng.pick(spellings)));
    const birthYear = rng.int(1950, 2006);
    const birthDate = `${birthYear}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
    const persona = rng.weighted(PERSONAS);
    const email = this.uniqueEmail(rng, givenRoman, familyRoman, birthYear);
    const oldEmail = rng.chance(0.12) ? this.uniqueEmail(rng, givenRoman, familyRoman, birthYear) : undefined;
    const tenureDays = persona === 'vip' ? rng.int(1500, 3600) : persona === 'fan' ? rng.int(700, 2500) : rng.int(20, 1800);
    return {
      id: `P${String(index + 1).padStart(7, '0')}`,
      familyHangul: family.hangul,
      givenHangul,
      familyRoman,
      givenRoman,
      gender: rng.chance(0.5) ? 'F' : 'M',
      birthDate,
      email,
      oldEmail,
      mobile: mobileFor(index),
      householdId: household.id,
      homePhone: household.homePhone,
      address: household.address,
      persona,
      firstSeen: isoDaysBefore(this.anchor, tenureDays),
    };
  }

  private pickFamily(rng: Random) {
    return rng.weighted(FAMILY_NAMES.map((f) => [f, f.weight] as const));
  }

  private nextHousehold(rng: Random) {
    if (!this.household || this.household.left <= 0) {
      this.households++;
      const size = rng.weighted([[1, 62], [2, 22], [3, 10], [4, 6]] as const);
      const district = rng.pick(DISTRICTS);
      const address: Address = {
        postcode: `${district.postcodePrefix}${rng.digits(3)}`,
        city: district.city,
        cityEn: district.cityEn,
        district: district.district,
        districtEn: district.districtEn,
        road: rng.pick(district.roads),
        building: rng.int(1, 480),
        unit: rng.chance(0.6) ? `${rng.int(1, 25)}${pad(rng.int(1, 12))}호` : '',
        areaCode: district.areaCode,
      };
      this.household = {
        id: `H${String(this.households).padStart(7, '0')}`,
        left: size,
        address,
        homePhone: size > 1 && rng.chance(0.6) ? `${district.areaCode}${rng.int(200, 999)}${rng.digits(4)}` : undefined,
        family: this.pickFamily(rng),
        names: new Set(),
      };
    }
    this.household.left--;
    return this.household;
  }

  private uniqueEmail(rng: Random, given: string, family: string, birthYear: number): string {
    const domain = rng.weighted(EMAIL_DOMAINS);
    const g = given.toLowerCase();
    const f = family.toLowerCase();
    const styles = [`${g}.${f}`, `${f}${g}`, `${g}${f}${birthYear % 100}`, `${f}.${g}${rng.int(1, 99)}`, `${g[0]}${f}${rng.int(10, 9999)}`];
    for (let attempt = 0; ; attempt++) {
      const handle = attempt < 3 ? rng.pick(styles) : `${g}${f}${rng.int(100, 99999)}`;
      const email = `${handle}@${domain}`;
      // Gmail ignores dots in the local part: seoyun.seo@ and seoyunseo@ are one mailbox, so one person's.
      const mailbox = domain === 'gmail.com' ? `${handle.replaceAll('.', '')}@${domain}` : email;
      if (!this.usedEmails.has(mailbox)) {
        this.usedEmails.add(mailbox);
        return email;
      }
    }
  }
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}
