// Address normalization: case, punctuation, common abbreviations, Korean region names and Hangul romanized.
import { containsHangul, romanizeHangul } from './hangul.ts';
import type { NormalizedValue } from './normalized-value.ts';
import { cleanText, stripDiacritics } from './text.ts';

/** Postal abbreviations (English-speaking countries) → full word. */
const ABBREVIATIONS: Record<string, string> = {
  st: 'street', str: 'street', rd: 'road', ave: 'avenue', av: 'avenue', blvd: 'boulevard', dr: 'drive',
  ln: 'lane', ct: 'court', pl: 'place', cres: 'crescent', cct: 'circuit', hwy: 'highway', pde: 'parade',
  tce: 'terrace', sq: 'square', cl: 'close', gr: 'grove', pkwy: 'parkway', apt: 'apartment', ste: 'suite',
  fl: 'floor', bldg: 'building', mt: 'mount', n: 'north', s: 'south', e: 'east', w: 'west',
};

/** Korean top-level regions: every spelling (Hangul romanized, short or official, with or without suffix) → one name. */
const REGIONS: Record<string, string[]> = {
  seoul: ['seoul'], busan: ['busan', 'pusan'], daegu: ['daegu', 'taegu'], incheon: ['incheon', 'inchon'],
  gwangju: ['gwangju', 'kwangju'], daejeon: ['daejeon', 'taejon'], ulsan: ['ulsan'], sejong: ['sejong'],
  gyeonggi: ['gyeonggi', 'kyonggi', 'kyeonggi'], gangwon: ['gangwon', 'kangwon'],
  chungbuk: ['chungbuk', 'chungcheongbuk'], chungnam: ['chungnam', 'chungcheongnam'],
  jeonbuk: ['jeonbuk', 'jeollabuk'], jeonnam: ['jeonnam', 'jeollanam'],
  gyeongbuk: ['gyeongbuk', 'gyeongsangbuk'], gyeongnam: ['gyeongnam', 'gyeongsangnam'], jeju: ['jeju', 'cheju'],
};
const REGION_SUFFIXES = ['', 'si', 'do', 'teukbyeolsi', 'gwangyeoksi', 'teukbyeoljachisi', 'teukbyeoljachido'];
const REGION_OF = new Map<string, string>();
for (const [canonical, spellings] of Object.entries(REGIONS)) {
  for (const spelling of spellings) for (const suffix of REGION_SUFFIXES) REGION_OF.set(spelling + suffix, canonical);
}
const COUNTRY_TOKENS = new Set(['korea', 'southkorea', 'republicofkorea', 'rok', 'daehanminguk', 'kr']);
const COUNTRY_PHRASES = /\b(?:the )?(?:republic of korea|south korea)\b/g;

export function normalizeAddress(raw: string): NormalizedValue | null {
  const display = cleanText(raw);
  if (display === '') return null;
  let text = stripDiacritics(display.toLowerCase());
  if (containsHangul(text)) text = romanizeHangul(text.replace(/대한민국/gu, ' '));
  text = text.replace(COUNTRY_PHRASES, ' ');
  const tokens: string[] = [];
  // Hyphens join the parts of a romanized Korean name ("teheran-ro"), and "12-3" is one lot number.
  for (const rawToken of text.replace(/(\p{L})-(?=\p{L})/gu, '$1').split(/[^\p{L}\p{N}-]+/u)) {
    const token = rawToken.replace(/^-+|-+$/g, '');
    if (token === '' || COUNTRY_TOKENS.has(token)) continue;
    tokens.push(REGION_OF.get(token) ?? ABBREVIATIONS[token] ?? token);
  }
  if (tokens.length === 0) return null;
  return { key: tokens.join(' '), display };
}
