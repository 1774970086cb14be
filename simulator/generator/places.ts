// Korean places (city, district, road, postcode prefix) for addresses that look like the real thing.

export interface District {
  city: string;
  cityEn: string;
  district: string;
  districtEn: string;
  postcodePrefix: string;
  roads: readonly string[];
  areaCode: string;
}

export const DISTRICTS: readonly District[] = [
  { city: '서울특별시', cityEn: 'Seoul', district: '강남구', districtEn: 'Gangnam-gu', postcodePrefix: '06', roads: ['테헤란로', '논현로', '도산대로', '봉은사로'], areaCode: '02' },
  { city: '서울특별시', cityEn: 'Seoul', district: '서초구', districtEn: 'Seocho-gu', postcodePrefix: '06', roads: ['서초대로', '반포대로', '강남대로'], areaCode: '02' },
  { city: '서울특별시', cityEn: 'Seoul', district: '송파구', districtEn: 'Songpa-gu', postcodePrefix: '05', roads: ['올림픽로', '송파대로', '잠실로'], areaCode: '02' },
  { city: '서울특별시', cityEn: 'Seoul', district: '마포구', districtEn: 'Mapo-gu', postcodePrefix: '04', roads: ['월드컵로', '양화로', '독막로'], areaCode: '02' },
  { city: '서울특별시', cityEn: 'Seoul', district: '종로구', districtEn: 'Jongno-gu', postcodePrefix: '03', roads: ['종로', '율곡로', '세종대로'], areaCode: '02' },
  { city: '서울특별시', cityEn: 'Seoul', district: '노원구', districtEn: 'Nowon-gu', postcodePrefix: '01', roads: ['동일로', '노원로', '상계로'], areaCode: '02' },
  { city: '경기도', cityEn: 'Gyeonggi-do', district: '성남시 분당구', districtEn: 'Bundang-gu, Seongnam-si', postcodePrefix: '13', roads: ['판교역로', '정자일로', '황새울로'], areaCode: '031' },
  { city: '경기도', cityEn: 'Gyeonggi-do', district: '수원시 영통구', districtEn: 'Yeongtong-gu, Suwon-si', postcodePrefix: '16', roads: ['광교중앙로', '매영로', '봉영로'], areaCode: '031' },
  { city: '경기도', cityEn: 'Gyeonggi-do', district: '고양시 일산동구', districtEn: 'Ilsandong-gu, Goyang-si', postcodePrefix: '10', roads: ['중앙로', '정발산로', '호수로'], areaCode: '031' },
  { city: '인천광역시', cityEn: 'Incheon', district: '연수구', districtEn: 'Yeonsu-gu', postcodePrefix: '21', roads: ['컨벤시아대로', '송도과학로', '인천타워대로'], areaCode: '032' },
  { city: '부산광역시', cityEn: 'Busan', district: '해운대구', districtEn: 'Haeundae-gu', postcodePrefix: '48', roads: ['해운대로', '센텀중앙로', '달맞이길'], areaCode: '051' },
  { city: '대구광역시', cityEn: 'Daegu', district: '수성구', districtEn: 'Suseong-gu', postcodePrefix: '42', roads: ['동대구로', '달구벌대로', '수성로'], areaCode: '053' },
  { city: '대전광역시', cityEn: 'Daejeon', district: '유성구', districtEn: 'Yuseong-gu', postcodePrefix: '34', roads: ['대학로', '유성대로', '엑스포로'], areaCode: '042' },
  { city: '광주광역시', cityEn: 'Gwangju', district: '서구', districtEn: 'Seo-gu', postcodePrefix: '61', roads: ['상무대로', '무진대로', '치평로'], areaCode: '062' },
];

export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['naver.com', 38], ['gmail.com', 30], ['daum.net', 10], ['hanmail.net', 7], ['kakao.com', 6], ['nate.com', 4], ['outlook.com', 3], ['icloud.com', 2],
];

export const PRODUCTS: readonly { code: string; name: string; price: number }[] = [
  { code: 'SKU-1001', name: 'Seasonal tea set', price: 39000 },
  { code: 'SKU-1002', name: 'Hand cream trio', price: 24000 },
  { code: 'SKU-1003', name: 'Linen shirt', price: 69000 },
  { code: 'SKU-1004', name: 'Running shoes', price: 129000 },
  { code: 'SKU-1005', name: 'Wireless earbuds', price: 179000 },
  { code: 'SKU-1006', name: 'Ceramic mug', price: 15000 },
  { code: 'SKU-1007', name: 'Weekend backpack', price: 89000 },
  { code: 'SKU-1008', name: 'Skin care kit', price: 58000 },
  { code: 'SKU-1009', name: 'Coffee beans 1kg', price: 32000 },
  { code: 'SKU-1010', name: 'Smart watch', price: 329000 },
  { code: 'SKU-1011', name: 'Yoga mat', price: 45000 },
  { code: 'SKU-1012', name: 'Rain jacket', price: 119000 },
];
