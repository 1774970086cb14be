// A small deterministic generator of customer-like records with ground truth, for benchmarks and sanity checks.
// (The simulated enterprise has its own, richer generator; this one only needs to be realistic enough to time.)
import { mulberry32 } from '../seeded-random.ts';
import { romanizeHangul } from '../normalize/hangul.ts';
import type { SourceRecord } from '../types.ts';

const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const FAMILY_ROMAN: Record<string, string> = {
  김: 'Kim', 이: 'Lee', 박: 'Park', 최: 'Choi', 정: 'Jung', 강: 'Kang', 조: 'Cho', 윤: 'Yoon', 장: 'Jang', 임: 'Lim',
  한: 'Han', 오: 'Oh', 서: 'Seo', 신: 'Shin', 권: 'Kwon', 황: 'Hwang', 안: 'Ahn', 송: 'Song', 류: 'Ryu', 홍: 'Hong',
};
const GIVEN_SYLLABLES = '민준서연지우하은도윤현수예린시아주원유진재혁태희성호영미경숙동훈상철혜정소윤채원건우승민다인수빈'.split('');
const ROADS = ['테헤란로', '세종대로', '올림픽로', '강남대로', '한강대로', '중앙로', '해운대로', '경인로', '동대구로', '월드컵로'];
const DISTRICTS = [
  ['서울특별시', '강남구'], ['서울특별시', '마포구'], ['부산광역시', '해운대구'], ['경기도', '성남시'], ['인천광역시', '남동구'],
  ['대구광역시', '수성구'], ['경기도', '수원시'], ['광주광역시', '서구'], ['대전광역시', '유성구'], ['서울특별시', '송파구'],
];
const DOMAINS = ['gmail.com', 'naver.com', 'daum.net', 'kakao.com', 'hanmail.net'];

/** The same seed gives the same data on every machine. */
function generator(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}

interface Person {
  id: number;
  family: string;
  given: string;
  birth: [number, number, number];
  phone: string;
  email: string;
  address: string;
  postcode: string;
  membership: string;
  devices: string[];
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Records for about `records` source records, with each record's person id. */
export function syntheticCustomers(records: number, seed = 42): { records: SourceRecord[]; personOf: Map<string, string> } {
  const random = generator(seed);
  const out: SourceRecord[] = [];
  const personOf = new Map<string, string>();
  const counters: Record<string, number> = { crm: 0, erp: 0, membership: 0, channel: 0 };
  const add = (person: number, system: string, fields: SourceRecord['fields'], id?: string) => {
    const recordId = id ?? `${system.slice(0, 1).toUpperCase()}${pad(++counters[system], 8)}`;
    const day = 1 + random.int(28);
    out.push({ system, id: recordId, updatedAt: `202${random.int(6)}-${pad(1 + random.int(12), 2)}-${pad(day, 2)}T00:00:00Z`, fields });
    personOf.set(`${system}:${recordId}`, String(person));
  };
  let household: Person | null = null;
  for (let p = 0; out.length < records; p++) {
    const person = makePerson(p, random, household);
    household = random.chance(0.2) ? person : null; // the next person shares this one's phone and address
    const roll = random.next();
    if (roll < 0.05) {
      // An anonymous visitor seen only on a device.
      add(p, 'channel', { deviceIds: person.devices });
      continue;
    }
    if (random.chance(0.9)) add(p, 'crm', crmFields(person, random));
    if (random.chance(0.05)) add(p, 'crm', crmFields(person, random)); // a duplicate inside the CRM
    if (random.chance(0.6)) add(p, 'erp', erpFields(person, random));
    const member = random.chance(0.5);
    if (member) add(p, 'membership', { name: nameVariant(person, random), phone: phoneVariant(person.phone, random), birthDate: dateVariant(person.birth, random), email: person.email }, person.membership);
    if (random.chance(0.6)) {
      add(p, 'channel', { email: random.chance(0.9) ? person.email : undefined, deviceIds: person.devices, name: random.chance(0.5) ? nameVariant(person, random) : undefined });
    }
  }
  return { records: out, personOf };

  function crmFields(person: Person, r: typeof random): SourceRecord['fields'] {
    return {
      name: typo(nameVariant(person, r), r),
      email: r.chance(0.1) ? `${person.given}${r.int(100)}@${r.pick(DOMAINS)}` : r.chance(0.02) ? 'no-email' : person.email,
      phone: phoneVariant(person.phone, r),
      birthDate: r.chance(0.1) ? undefined : dateVariant(person.birth, r),
      address: person.address,
      postcode: person.postcode,
      membershipNumber: r.chance(0.5) ? person.membership : undefined,
    };
  }

  function erpFields(person: Person, r: typeof random): SourceRecord['fields'] {
    return {
      name: nameVariant(person, r),
      phone: r.chance(0.01) ? '010-0000-0000' : phoneVariant(person.phone, r),
      email: r.chance(0.3) ? person.email : undefined,
      address: r.chance(0.5) ? romanAddress(person.address) : person.address,
      postcode: person.postcode,
      birthDate: r.chance(0.5) ? dateVariant(person.birth, r) : undefined,
    };
  }
}

function makePerson(id: number, random: ReturnType<typeof generator>, household: Person | null): Person {
  const family = household !== null && random.chance(0.5) ? household.family : random.pick(FAMILY);
  const given = random.pick(GIVEN_SYLLABLES) + random.pick(GIVEN_SYLLABLES);
  const birth: [number, number, number] = [1940 + random.int(66), 1 + random.int(12), 1 + random.int(28)];
  const [region, district] = random.pick(DISTRICTS);
  const address = household?.address ?? `${region} ${district} ${random.pick(ROADS)} ${1 + random.int(300)}`;
  const roman = romanizeHangul(given);
  return {
    id,
    family,
    given,
    birth,
    phone: household?.phone ?? `010${pad(random.int(1e8), 8)}`,
    email: `${roman}.${FAMILY_ROMAN[family].toLowerCase()}${id}@${random.pick(DOMAINS)}`,
    address,
    postcode: household?.postcode ?? pad(1000 + random.int(62000), 5),
    membership: `M${pad(id, 9)}`,
    devices: [`dev-${id.toString(36)}-${random.int(1e6).toString(36)}`],
  };
}

function nameVariant(person: Person, random: ReturnType<typeof generator>): string {
  const roman = romanizeHangul(person.given);
  const given = roman[0].toUpperCase() + roman.slice(1);
  const family = FAMILY_ROMAN[person.family];
  switch (random.int(5)) {
    case 0:
    case 1:
      return person.family + person.given;
    case 2:
      return `${given} ${family}`;
    case 3:
      return `${family.toUpperCase()} ${romanizeHangul(person.given[0]).toUpperCase()} ${romanizeHangul(person.given[1]).toUpperCase()}`;
    default:
      return `${family}, ${romanizeHangul(person.given[0])}-${romanizeHangul(person.given[1])}`;
  }
}

function typo(name: string, random: ReturnType<typeof generator>): string {
  if (!random.chance(0.05) || !/^[A-Za-z]/.test(name) || name.length < 4) return name;
  const at = 1 + random.int(name.length - 2);
  return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
}

function phoneVariant(phone: string, random: ReturnType<typeof generator>): string {
  const [a, b, c] = [phone.slice(0, 3), phone.slice(3, 7), phone.slice(7)];
  return random.pick([`${a}-${b}-${c}`, phone, `+82 ${a.slice(1)} ${b} ${c}`, `+82 ${a.slice(1)}-${b}-${c}`, `82-${a.slice(1)}-${b}-${c}`]);
}

function dateVariant([year, month, day]: [number, number, number], random: ReturnType<typeof generator>): string {
  return random.pick([
    `${year}-${pad(month, 2)}-${pad(day, 2)}`,
    `${year}${pad(month, 2)}${pad(day, 2)}`,
    `${year}.${month}.${day}`,
    `${pad(day, 2)}/${pad(month, 2)}/${year}`,
  ]);
}

function romanAddress(address: string): string {
  return romanizeHangul(address.split(' ').reverse().join(', '));
}
