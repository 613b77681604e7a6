/**
 * Amounts in words (人民币大写金额) for the printed forms, as the People's Bank's rules for writing
 * amounts on vouchers have them (《支付结算办法》附件《正确填写票据和结算凭证的基本规定》):
 * - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, then 元角分;
 * - one or more zeros between digits are written as one 零 (1,007 → 壹仟零柒元整; 107,000.53 → 壹拾万零柒仟元伍角叁分,
 *   one of the two spellings the rules allow);
 * - 整 after 元 when there are no 角 and 分; none after 分 (the rules leave 整 after 角 optional: not written here);
 * - 角 zero and 分 not: 零 after 元 (1.05 → 壹元零伍分);
 * - 壹拾 is written in full (10 → 壹拾元整), so no digit can be added before it.
 * Pure and total on integer fen from 0 to Number.MAX_SAFE_INTEGER; anything else is a programming error.
 */
const digits = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const placeUnits = ['', '拾', '佰', '仟'] as const;
const groupUnits = ['', '万', '亿', '万亿'] as const;

export function amountInWords(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`amountInWords: ${fen} is not a non-negative integer of fen`);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  const yuanWords = yuanInWords(yuan);
  if (jiao === 0 && cents === 0) return `${yuanWords || '零'}元整`;
  let out = yuanWords ? `${yuanWords}元` : '';
  if (jiao) out += `${digits[jiao]}角`;
  else if (yuanWords) out += '零';
  if (cents) out += `${digits[cents]}分`;
  return out;
}

/** The yuan part without 元: '' for zero. Digits are read in groups of four (个, 万, 亿, 万亿). */
function yuanInWords(yuan: number): string {
  const text = String(yuan);
  let out = '';
  let pendingZero = false;
  let groupHasDigit = false;
  for (let i = 0; i < text.length; i++) {
    const position = text.length - 1 - i; // 0 = 元 place
    const place = position % 4;
    const group = Math.floor(position / 4);
    const d = Number(text[i]);
    if (d === 0) {
      if (out) pendingZero = true;
    } else {
      if (pendingZero) out += '零';
      pendingZero = false;
      out += digits[d] + placeUnits[place];
      groupHasDigit = true;
    }
    if (place === 0) {
      if (groupHasDigit && group > 0) out += groupUnits[group];
      groupHasDigit = false;
    }
  }
  return out;
}

/** 1234567 fen → '12,345.67' (the figures printed beside the words). */
export function yuanFigures(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`yuanFigures: ${fen} is not an integer of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
