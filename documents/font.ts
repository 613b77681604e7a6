/**
 * The CJK font embedded in every PDF. An open font from Debian's packages (fonts-wqy-microhei,
 * 文泉驿微米黑, Apache-2.0 / GPLv3 with the font exception), installed by scripts/install-tools.sh
 * and in the Dockerfile; PDF_CJK_FONT names another TrueType file or collection (with
 * PDF_CJK_FONT_NAME, the PostScript name inside a collection). pdfkit embeds only the glyphs a
 * form uses (a subset), so a one-page notice stays small.
 */
import { existsSync } from 'node:fs';

export interface CjkFont {
  path: string;
  /** the face inside a .ttc collection (its PostScript name) */
  postscriptName?: string;
}

const debianFonts: CjkFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', postscriptName: 'WenQuanYiZenHei' },
];

export class FontMissingError extends Error {
  constructor(tried: string[]) {
    super(
      `no CJK font for the PDF forms: install Debian's fonts-wqy-microhei (scripts/install-tools.sh) or set PDF_CJK_FONT (tried ${tried.join(', ')})`,
    );
    this.name = 'FontMissingError';
  }
}

export function cjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  const candidates: CjkFont[] = env.PDF_CJK_FONT
    ? [{ path: env.PDF_CJK_FONT, ...(env.PDF_CJK_FONT_NAME ? { postscriptName: env.PDF_CJK_FONT_NAME } : {}) }]
    : debianFonts;
  const found = candidates.find((f) => existsSync(f.path));
  if (!found) throw new FontMissingError(candidates.map((f) => f.path));
  return found;
}
