/**
 * The citizen ID number (公民身份号码, GB 11643-1999): 6-digit address code (地址码), 8-digit birth
 * date (出生日期码), 3-digit sequence (顺序码, odd for men, even for women) and the ISO 7064 MOD 11-2
 * check character (校验码, 0–9 or X). One zod primitive for every schema that accepts an ID number,
 * so an ID with a wrong check digit, an impossible birth date or an unknown province is refused at
 * the edge with a message a clerk can act on. Pure.
 */
import { z } from 'zod';
import type { IsoDate } from './dates';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * The province-level codes of GB/T 2260 that an address code may start with (11 北京 … 65 新疆,
 * 71 台湾, 81 香港, 82 澳门). Anything else is not a plausible region.
 */
const PROVINCE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

/** The check character of the first 17 digits (GB 11643-1999 §7). */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** The birth date coded in positions 7–14, as an ISO date (no check that it exists). */
export function birthDateOfIdNumber(idNumber: string): IsoDate {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

function realDate(iso: string): boolean {
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === iso;
}

/** Every reason `idNumber` is not a valid ID number (empty when valid), in reading order. */
export function idNumberProblems(idNumber: string, today?: IsoDate): string[] {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return ['身份证号码应为18位（末位可为X）'];
  const problems: string[] = [];
  if (!PROVINCE_CODES.has(idNumber.slice(0, 2))) problems.push(`身份证号码前两位 ${idNumber.slice(0, 2)} 不是有效的省级行政区划代码`);
  const birth = birthDateOfIdNumber(idNumber);
  if (!realDate(birth) || birth < '1900-01-01' || (today !== undefined && birth > today)) {
    problems.push(`身份证号码中的出生日期 ${idNumber.slice(6, 14)} 不是有效日期`);
  }
  const expected = idNumberCheckChar(idNumber.slice(0, 17));
  if (idNumber[17] !== expected) problems.push('身份证号码校验位不正确，请核对号码（GB 11643）');
  return problems;
}

/** Today as an ISO date in Asia/Shanghai (UTC+8, no DST): a birth date after it is impossible. */
function shanghaiToday(): IsoDate {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The one schema for an ID number anywhere (request bodies, query strings, path parameters):
 * trims, upper-cases a final x, then checks format, province code, birth date and check digit.
 */
export const idNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((s, ctx) => {
    for (const message of idNumberProblems(s, shanghaiToday())) ctx.addIssue({ code: 'custom', message });
  });
