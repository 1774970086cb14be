// Korean family names: their usual romanization, the variant spellings seen in records, and how common each is.

/**
 * Hangul family name → conventional romanization, most frequent first (the order ranks ambiguous
 * romanized names: in "Min Jun Kim" both "min" and "kim" are surnames, and "kim" is far more common).
 */
const HANGUL_SURNAMES: Array<[string, string]> = [
  ['김', 'kim'], ['이', 'lee'], ['박', 'park'], ['최', 'choi'], ['정', 'jung'], ['강', 'kang'], ['조', 'cho'],
  ['윤', 'yoon'], ['장', 'jang'], ['임', 'lim'], ['한', 'han'], ['오', 'oh'], ['서', 'seo'], ['신', 'shin'],
  ['권', 'kwon'], ['황', 'hwang'], ['안', 'ahn'], ['송', 'song'], ['전', 'jeon'], ['홍', 'hong'], ['유', 'yoo'],
  ['고', 'ko'], ['문', 'moon'], ['양', 'yang'], ['손', 'son'], ['배', 'bae'], ['백', 'baek'], ['허', 'heo'],
  ['남', 'nam'], ['심', 'shim'], ['노', 'noh'], ['하', 'ha'], ['곽', 'kwak'], ['성', 'sung'], ['차', 'cha'],
  ['주', 'joo'], ['우', 'woo'], ['구', 'koo'], ['민', 'min'], ['류', 'ryu'], ['나', 'na'], ['진', 'jin'],
  ['지', 'ji'], ['엄', 'eom'], ['채', 'chae'], ['원', 'won'], ['천', 'cheon'], ['방', 'bang'], ['공', 'kong'],
  ['현', 'hyun'], ['함', 'ham'], ['변', 'byun'], ['염', 'yeom'], ['여', 'yeo'], ['추', 'choo'], ['도', 'do'],
  ['소', 'so'], ['석', 'seok'], ['선', 'sun'], ['설', 'seol'], ['마', 'ma'], ['길', 'gil'], ['위', 'wi'],
  ['표', 'pyo'], ['명', 'myung'], ['기', 'ki'], ['반', 'ban'], ['라', 'ra'], ['왕', 'wang'], ['금', 'keum'],
  ['옥', 'ok'], ['육', 'yook'], ['인', 'in'], ['맹', 'maeng'], ['제', 'je'], ['모', 'mo'], ['탁', 'tak'],
  ['국', 'kook'], ['은', 'eun'], ['편', 'pyun'], ['용', 'yong'], ['예', 'ye'], ['경', 'kyung'], ['봉', 'bong'],
  ['남궁', 'namgung'], ['황보', 'hwangbo'], ['제갈', 'jegal'], ['선우', 'sunwoo'], ['독고', 'dokgo'],
  ['사공', 'sagong'], ['서문', 'seomun'], ['동방', 'dongbang'],
];

/** Romanized spellings of the same family name → the conventional one. */
const VARIANTS: Record<string, string[]> = {
  kim: ['gim', 'kym'], lee: ['yi', 'i', 'rhee', 'ri', 'rhie', 'yee', 'leee'], park: ['bak', 'pak', 'bahk', 'pack'],
  choi: ['choe', 'choy'], jung: ['jeong', 'chung', 'joung', 'cheong', 'chong'], kang: ['gang'], cho: ['jo', 'joe'],
  yoon: ['yun', 'youn'], jang: ['chang'], lim: ['im', 'rim', 'yim'], oh: ['o'], seo: ['suh', 'seoh'],
  shin: ['sin', 'shinn'], kwon: ['gwon'], ahn: ['an'], jeon: ['jun', 'chun', 'chon', 'jeun'], yoo: ['yu', 'you'],
  ko: ['go', 'koh'], moon: ['mun'], son: ['sohn'], bae: ['bai', 'pae'], baek: ['paek', 'back', 'baik', 'paik'],
  heo: ['hur', 'huh', 'her'], shim: ['sim'], noh: ['roh', 'no', 'ro'], kwak: ['gwak'], sung: ['seong'],
  joo: ['ju'], woo: ['u'], koo: ['gu', 'ku'], ryu: ['ryoo', 'rhyu'], eom: ['um', 'uhm'], cheon: ['chun'],
  kong: ['gong'], hyun: ['hyeon'], byun: ['byeon'], yeom: ['yum'], choo: ['chu'], seok: ['suk'], sun: ['seon'],
  myung: ['myeong'], ki: ['gi'], keum: ['geum'], yook: ['yuk'], kook: ['guk'], pyun: ['pyeon'], kyung: ['gyeong'],
  sunwoo: ['seonu'], namgung: ['namkung'],
};

const HANGUL_TO_ROMAN = new Map(HANGUL_SURNAMES);
const CANONICAL = new Map<string, string>();
const RANK = new Map<string, number>();
HANGUL_SURNAMES.forEach(([, roman], index) => {
  CANONICAL.set(roman, roman);
  RANK.set(roman, index);
});
for (const [canonical, variants] of Object.entries(VARIANTS)) {
  for (const variant of variants) if (!CANONICAL.has(variant)) CANONICAL.set(variant, canonical);
}

/** Conventional romanization of a Hangul family name, or undefined when it is not a known one. */
export function romanizeHangulSurname(hangul: string): string | undefined {
  return HANGUL_TO_ROMAN.get(hangul);
}

/** Whether a Hangul string starts with a two-syllable family name (남궁, 황보...). */
export function isCompoundHangulSurname(hangul: string): boolean {
  return hangul.length >= 3 && HANGUL_TO_ROMAN.has(hangul.slice(0, 2));
}

/** Canonical spelling of a romanized Korean family name ("gim", "kim" → "kim"); other names unchanged. */
export function canonicalSurname(roman: string): string {
  return CANONICAL.get(roman) ?? roman;
}

/** Frequency rank of a romanized Korean family name (0 = most common), or undefined when it is not one. */
export function surnameRank(roman: string): number | undefined {
  const canonical = CANONICAL.get(roman);
  return canonical === undefined ? undefined : RANK.get(canonical);
}
