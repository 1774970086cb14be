// The customer's region (province or metropolitan city, in English) from the golden profile's postcode, else its address.

/** Korean 5-digit postcodes (since 2015) start with a two-digit code that fixes the region. */
const POSTCODE_REGIONS: [number, number, string][] = [
  [1, 9, 'Seoul'], [10, 20, 'Gyeonggi'], [21, 23, 'Incheon'], [24, 26, 'Gangwon'], [27, 29, 'Chungbuk'], [30, 30, 'Sejong'],
  [31, 33, 'Chungnam'], [34, 35, 'Daejeon'], [36, 40, 'Gyeongbuk'], [41, 43, 'Daegu'], [44, 45, 'Ulsan'], [46, 49, 'Busan'],
  [50, 53, 'Gyeongnam'], [54, 56, 'Jeonbuk'], [57, 60, 'Jeonnam'], [61, 62, 'Gwangju'], [63, 63, 'Jeju'],
];

/** Names as addresses write them, Hangul and romanized; the more specific spellings come first. */
const ADDRESS_REGIONS: [RegExp, string][] = [
  [/서울|seoul/i, 'Seoul'], [/광주광역시|gwangju-si|gwangju metropolitan/i, 'Gwangju'], [/경기|gyeonggi/i, 'Gyeonggi'], [/인천|incheon/i, 'Incheon'],
  [/부산|busan/i, 'Busan'], [/대구|daegu/i, 'Daegu'], [/대전|daejeon/i, 'Daejeon'], [/울산|ulsan/i, 'Ulsan'], [/세종|sejong/i, 'Sejong'],
  [/강원|gangwon/i, 'Gangwon'], [/충청북도|충북|chungcheongbuk|chungbuk/i, 'Chungbuk'], [/충청남도|충남|chungcheongnam|chungnam/i, 'Chungnam'],
  [/전라북도|전북|jeollabuk|jeonbuk/i, 'Jeonbuk'], [/전라남도|전남|jeollanam|jeonnam/i, 'Jeonnam'],
  [/경상북도|경북|gyeongsangbuk|gyeongbuk/i, 'Gyeongbuk'], [/경상남도|경남|gyeongsangnam|gyeongnam/i, 'Gyeongnam'],
  [/제주|jeju/i, 'Jeju'], [/광주|gwangju/i, 'Gwangju'],
];

export const REGIONS = [...new Set(POSTCODE_REGIONS.map(([, , region]) => region))].sort();

export function regionOf(postcode: string | null | undefined, address: string | null | undefined): string | null {
  const digits = postcode?.replace(/\D/g, '') ?? '';
  if (digits.length === 5) {
    const prefix = Number(digits.slice(0, 2));
    const match = POSTCODE_REGIONS.find(([lo, hi]) => prefix >= lo && prefix <= hi);
    if (match) return match[2];
  }
  if (address) for (const [pattern, region] of ADDRESS_REGIONS) if (pattern.test(address)) return region;
  return null;
}
