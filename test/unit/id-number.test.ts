/** The ID number primitive (GB 11643-1999): check character, birth date, province code; one schema everywhere. */
import { birthDateOfIdNumber, idNumberCheckChar, idNumberProblems, idNumberSchema } from '../../domain/id-number';
import { idNumberOf } from '../support/id-number';

describe('idNumberSchema (GB 11643)', () => {
  test('the standard example and real-shaped numbers pass; a final x is read as X', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X'); // GB 11643-1999 annex example
    expect(idNumberSchema.parse('11010519491231002X')).toBe('11010519491231002X');
    expect(idNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(idNumberSchema.parse('440781196001011234')).toBe('440781196001011234');
  });

  test('a wrong check character is refused', () => {
    const r = idNumberSchema.safeParse('440781196001011235');
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(['身份证号码校验位不正确，请核对号码（GB 11643）']);
  });

  test('an impossible or future birth date is refused, even with a correct check character', () => {
    for (const birth of ['19500230', '19501301', '18991231']) {
      const first17 = `440781${birth}123`;
      const id = first17 + idNumberCheckChar(first17);
      expect(idNumberProblems(id)).toEqual([`身份证号码中的出生日期 ${birth} 不是有效日期`]);
    }
    expect(idNumberProblems(idNumberOf('440781', '2030-01-01', 1), '2026-12-01')).toHaveLength(1);
    expect(idNumberProblems(idNumberOf('440781', '2024-02-29', 1), '2026-12-01')).toEqual([]);
  });

  test('a region whose first two digits are no province is refused', () => {
    expect(idNumberProblems(idNumberOf('990781', '1950-01-01', 1))).toEqual(['身份证号码前两位 99 不是有效的省级行政区划代码']);
    expect(idNumberProblems(idNumberOf('000000', '1950-01-01', 1))).toHaveLength(1);
    expect(idNumberProblems(idNumberOf('810000', '1950-01-01', 1))).toEqual([]); // 香港
  });

  test('wrong length or characters: one message', () => {
    expect(idNumberProblems('4407811960010112')).toEqual(['身份证号码应为18位（末位可为X）']);
    expect(idNumberProblems('44078119600101123Y')).toHaveLength(1);
  });

  test('the birth date is read from positions 7–14', () => {
    expect(birthDateOfIdNumber(idNumberOf('440703', '1964-02-29', 7))).toBe('1964-02-29');
  });
});
