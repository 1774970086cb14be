// Korean family and given names with the romanized spellings people really use, for realistic name noise.

/** Family names with their share of the population (%) and spellings, most common first. */
export const FAMILY_NAMES: readonly { hangul: string; weight: number; roman: readonly string[] }[] = [
  { hangul: '김', weight: 21.5, roman: ['Kim', 'Gim'] },
  { hangul: '이', weight: 14.7, roman: ['Lee', 'Yi', 'Rhee', 'I'] },
  { hangul: '박', weight: 8.4, roman: ['Park', 'Pak', 'Bak'] },
  { hangul: '최', weight: 4.7, roman: ['Choi', 'Choe', 'Chey'] },
  { hangul: '정', weight: 4.3, roman: ['Jung', 'Jeong', 'Chung'] },
  { hangul: '강', weight: 2.3, roman: ['Kang', 'Gang'] },
  { hangul: '조', weight: 2.1, roman: ['Cho', 'Jo'] },
  { hangul: '윤', weight: 2.1, roman: ['Yoon', 'Yun'] },
  { hangul: '장', weight: 2.0, roman: ['Jang', 'Chang'] },
  { hangul: '임', weight: 1.7, roman: ['Lim', 'Im', 'Rim'] },
  { hangul: '한', weight: 1.5, roman: ['Han'] },
  { hangul: '오', weight: 1.5, roman: ['Oh', 'O'] },
  { hangul: '서', weight: 1.5, roman: ['Seo', 'Suh'] },
  { hangul: '신', weight: 1.5, roman: ['Shin', 'Sin'] },
  { hangul: '권', weight: 1.4, roman: ['Kwon', 'Gwon'] },
  { hangul: '황', weight: 1.4, roman: ['Hwang'] },
  { hangul: '안', weight: 1.3, roman: ['Ahn', 'An'] },
  { hangul: '송', weight: 1.3, roman: ['Song'] },
  { hangul: '류', weight: 1.2, roman: ['Ryu', 'Yoo', 'Yu'] },
  { hangul: '전', weight: 1.1, roman: ['Jeon', 'Jun', 'Chun'] },
  { hangul: '홍', weight: 1.1, roman: ['Hong'] },
  { hangul: '고', weight: 0.9, roman: ['Ko', 'Go'] },
  { hangul: '문', weight: 0.9, roman: ['Moon', 'Mun'] },
  { hangul: '양', weight: 0.9, roman: ['Yang'] },
  { hangul: '손', weight: 0.9, roman: ['Son', 'Sohn'] },
  { hangul: '배', weight: 0.8, roman: ['Bae', 'Pae'] },
  { hangul: '백', weight: 0.8, roman: ['Baek', 'Paik'] },
  { hangul: '허', weight: 0.6, roman: ['Heo', 'Hur'] },
  { hangul: '남', weight: 0.5, roman: ['Nam'] },
  { hangul: '노', weight: 0.4, roman: ['Noh', 'Roh', 'No'] },
];

/** Syllables of given names with their usual spellings; the first is the most common. */
export const SYLLABLE_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  민: ['min'], 준: ['jun', 'joon'], 서: ['seo', 'suh'], 도: ['do'], 윤: ['yun', 'yoon'], 예: ['ye', 'yeh'],
  시: ['si', 'see'], 우: ['woo', 'u'], 하: ['ha'], 주: ['ju', 'joo'], 원: ['won'], 지: ['ji', 'jee'],
  호: ['ho'], 후: ['hu', 'hoo'], 연: ['yeon', 'yun'], 현: ['hyun', 'hyeon'], 은: ['eun'], 채: ['chae'],
  영: ['young', 'yeong'], 수: ['su', 'soo'], 희: ['hee', 'hui'], 순: ['soon', 'sun'], 자: ['ja'],
  미: ['mi'], 숙: ['sook', 'suk'], 정: ['jung', 'jeong'], 성: ['sung', 'seong'], 상: ['sang'],
  훈: ['hoon', 'hun'], 동: ['dong'], 진: ['jin'], 혜: ['hye'], 경: ['kyung', 'gyeong'], 재: ['jae'],
  태: ['tae'], 유: ['yu', 'yoo'], 아: ['a', 'ah'], 소: ['so'], 나: ['na'], 다: ['da'], 빈: ['bin'],
  건: ['geon', 'gun'], 석: ['seok', 'suk'], 철: ['chul', 'cheol'], 선: ['sun', 'seon'], 옥: ['ok'], 린: ['rin', 'lin'],
  승: ['seung'], 용: ['yong'], 기: ['ki', 'gi'], 규: ['kyu', 'gyu'], 혁: ['hyuk', 'hyeok'], 완: ['wan'],
};

/** Common given names (two syllables), across generations. */
export const GIVEN_NAMES: readonly string[] = [
  '민준', '서준', '도윤', '예준', '시우', '하준', '주원', '지호', '지후', '준우', '현우', '지훈', '동현', '건우', '우진',
  '서연', '서윤', '지우', '서현', '민서', '하은', '하윤', '윤서', '지민', '채원', '지유', '수아', '소윤', '예린', '다은',
  '영수', '영호', '영희', '순자', '미숙', '정숙', '성호', '상훈', '진영', '은지', '수진', '혜진', '지영', '미영', '경희',
  '정희', '재현', '태희', '성민', '승현', '용준', '기현', '규민', '혁진', '완수', '석진', '철수', '선영', '옥순', '나연',
  '유진', '예지', '소연', '다빈', '민지', '현정', '승우', '재원', '태윤', '정우', '성진', '동욱', '민호', '은영', '미진',
];

export function spellGiven(hangul: string, variant: (spellings: readonly string[]) => string): string {
  const parts = [...hangul].map((syllable) => variant(SYLLABLE_SPELLINGS[syllable] ?? ['x']));
  const joined = parts.join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}
