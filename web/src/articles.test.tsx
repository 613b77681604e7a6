/** Article references in words: what the hospital reads beside each unmet criterion. */
import { describe, expect, it } from 'vitest';
import { articleInWords, chineseNumber } from './articles';

describe('articleInWords', () => {
  it('names the document and reads the article, item and sub-item', () => {
    expect(articleInWords('000 §7(一)2')).toBe('《江门市基本医疗保险就医管理规程》第七条第（一）项第2目');
    expect(articleInWords('000 §7(三)')).toBe('《江门市基本医疗保险就医管理规程》第七条第（三）项');
    expect(articleInWords('000 §7(一), §9')).toBe('《江门市基本医疗保险就医管理规程》第七条第（一）项、第九条');
    expect(articleInWords('001 §21')).toBe('《江门市医疗救助经办规程》第二十一条');
  });
  it('leaves a reference it cannot read as it is', () => {
    expect(articleInWords('DOMAIN §11')).toBe('DOMAIN §11');
  });
  it('writes numbers as in a regulation', () => {
    expect([1, 10, 12, 20, 34].map(chineseNumber)).toEqual(['一', '十', '十二', '二十', '三十四']);
  });
});
