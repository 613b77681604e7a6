/**
 * Reads a PDF as a person would: poppler's pdftotext for its text, pdftoppm for a picture of each
 * page (saved under test/output/ for a look). Both come from Debian's poppler-utils
 * (scripts/install-tools.sh); a missing tool fails the test.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const outputDir = path.join(__dirname, '..', 'output');

/** The text of every page, in reading order (pdftotext -layout keeps each line together). */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
}

/** Renders each page to PNG at 100 dpi under test/output/<dir>/<name>-N.png; returns the paths. */
export function pdfToPng(pdf: Buffer, dir: string, name: string): string[] {
  const out = path.join(outputDir, dir);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `${name}.pdf`), pdf);
  execFileSync('pdftoppm', ['-png', '-r', '100', path.join(out, `${name}.pdf`), path.join(out, name)]);
  return readdirSync(out)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .map((f) => path.join(out, f));
}

/** The fonts a PDF uses, with whether each is embedded (pdffonts' table). */
export function pdfFonts(pdf: Buffer, file: string): { name: string; embedded: boolean }[] {
  mkdirSync(path.dirname(file), { recursive: true }); // a fresh clone has no test/output yet
  writeFileSync(file, pdf);
  const lines = execFileSync('pdffonts', [file]).toString('utf8').split('\n').slice(2).filter(Boolean);
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    return { name: cols[0]!, embedded: cols.at(-5) === 'yes' };
  });
}
