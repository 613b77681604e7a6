/**
 * Article references as a hospital or an applicant reads them: the domain cites "000 §7(一)2";
 * the page says 《江门市基本医疗保险就医管理规程》第七条第（一）项第2目. The document codes are
 * those of the seeds' README (000 江医保发〔2024〕23号, 001 医疗救助经办规程, 002 阳江, 003 开平指南, 004 事项清单).
 */
export const documentTitles: Record<string, string> = {
  '000': '江门市基本医疗保险就医管理规程',
  '001': '江门市医疗救助经办规程',
  '002': '阳江市基本医疗保险异地就医管理暂行办法',
  '003': '异地就医备案办事指南',
  '004': '江门市医疗保障经办政务服务事项清单',
};

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1–99 in Chinese numerals (第十二条, 第三十四条). */
export function chineseNumber(n: number): string {
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones ? digits[ones] : ''}`;
}

/** One "§7(一)2" part: 第七条第（一）项第2目. */
function sectionInWords(part: string): string {
  const m = /^§\s*(\d+)(?:\(([^)]+)\))?(\d+)?$/.exec(part.trim());
  if (!m) return part.trim();
  return `第${chineseNumber(Number(m[1]))}条${m[2] ? `第（${m[2]}）项` : ''}${m[3] ? `第${m[3]}目` : ''}`;
}

/** "000 §7(一), §9" → 《江门市基本医疗保险就医管理规程》第七条第（一）项、第九条; anything else unchanged. */
export function articleInWords(article: string): string {
  const m = /^(\d{3})\s+(§.*)$/.exec(article.trim());
  if (!m || !documentTitles[m[1]!]) return article;
  const sections = m[2]!.split(/[,，、]\s*/).map(sectionInWords);
  return `《${documentTitles[m[1]!]}》${sections.join('、')}`;
}
