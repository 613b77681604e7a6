/**
 * A printable form (受理通知书, 告知书, 结算单 …) as a process declares it: plain data, no layout.
 * documents/pdf.ts renders any form the same way (A4, the embedded CJK font, the issuer's 落款 and
 * the signature lines), so a process adds a form by writing one function from its record to a
 * `FormDocument`, never by drawing.
 */
import { amountInWords, yuanFigures } from '../domain/amount-in-words';

export type FormBlock =
  /** a paragraph of running text (wrapped, first line indented two characters as Chinese letters are) */
  | { kind: 'paragraph'; text: string }
  /** label–value pairs in a two-column ruled table (申请人, 事项名称, 办结时限 …) */
  | { kind: 'fields'; fields: readonly FormField[] }
  /** a ruled table with a header row; columns share the width by `widths` (relative) or evenly */
  | { kind: 'table'; title?: string; columns: readonly string[]; rows: readonly (readonly string[])[]; widths?: readonly number[] }
  /** a numbered list (the materials to correct, the materials returned) */
  | { kind: 'list'; title?: string; items: readonly string[]; empty?: string }
  /** a sum of money: figures and 人民币大写 side by side (domain/amount-in-words.ts) */
  | { kind: 'amount'; label: string; fen: number };

export interface FormField {
  label: string;
  value: string;
}

/** A signature line: who signs in which capacity, with the name and date printed (签名 and 日期). */
export interface FormSignature {
  role: string;
  name: string;
  /** YYYY-MM-DD (Asia/Shanghai calendar date), or '' for a line the person dates by hand */
  date: string;
}

export interface FormDocument {
  /** the form's title, e.g. 受理通知书 */
  title: string;
  /** the document number printed under the title (文书编号) */
  documentNo?: string;
  /** the addressee line (称谓), printed before the body followed by a colon */
  addressee?: string;
  blocks: readonly FormBlock[];
  signatures?: readonly FormSignature[];
  /** the issuing agency (落款) and the date of issue (YYYY-MM-DD), printed at the bottom right */
  issuer: string;
  issuedOn: string;
  /** small print at the bottom (where to ask, what the form does not decide) */
  footnotes?: readonly string[];
}

/** The two lines an `amount` block prints: '¥ 1,234.56' and '人民币（大写）壹仟贰佰叁拾肆元伍角陆分'. */
export function amountLines(fen: number): { figures: string; words: string } {
  return { figures: `¥ ${yuanFigures(fen)}`, words: `人民币（大写）${amountInWords(fen)}` };
}

/** 2026-12-01 → 2026年12月01日 (how the date of a letter is printed). */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[1]}年${m[2]}月${m[3]}日` : isoDate;
}
