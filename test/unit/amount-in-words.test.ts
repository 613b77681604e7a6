/** 人民币大写 as the People's Bank's rules for vouchers write it (domain/amount-in-words.ts). */
import { amountInWords, yuanFigures } from '../../domain/amount-in-words';

test.each([
  [0, '零元整'],
  [5, '伍分'],
  [50, '伍角'],
  [56, '伍角陆分'],
  [100, '壹元整'],
  [105, '壹元零伍分'],
  [150, '壹元伍角'],
  [1000, '壹拾元整'],
  [1_500, '壹拾伍元整'],
  [100_700, '壹仟零柒元整'],
  [168_032, '壹仟陆佰捌拾元叁角贰分'],
  [10_700_053, '壹拾万零柒仟元伍角叁分'], // the rules' own example (one of its two allowed spellings)
  [1_000_000, '壹万元整'],
  [1_001_000, '壹万零壹拾元整'],
  [10_001_000, '壹拾万零壹拾元整'],
  [325_004_000, '叁佰贰拾伍万零肆拾元整'],
  [10_000_000_000, '壹亿元整'],
  [10_000_100_000, '壹亿零壹仟元整'],
  [12_345_678_901, '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分'],
  [100_000_000_000_000, '壹万亿元整'],
])('%i fen is %s', (fen, words) => {
  expect(amountInWords(fen)).toBe(words);
});

test('a negative, fractional or unsafe amount is a programming error, never a wrong text', () => {
  expect(() => amountInWords(-1)).toThrow(RangeError);
  expect(() => amountInWords(1.5)).toThrow(RangeError);
  expect(() => amountInWords(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
});

test('figures beside the words: thousands separated, two decimals', () => {
  expect(yuanFigures(0)).toBe('0.00');
  expect(yuanFigures(5)).toBe('0.05');
  expect(yuanFigures(10_700_053)).toBe('107,000.53');
  expect(yuanFigures(-123_456)).toBe('-1,234.56');
});
