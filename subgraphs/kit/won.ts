// How summaries and reasons write an amount in Korean won (no minor unit): ₩246,000.
export const won = (amount: number): string => `₩${Math.round(amount).toLocaleString('en-US')}`;
