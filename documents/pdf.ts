/**
 * Renders a declared form (documents/form.ts) to PDF on the server with pdfkit and the embedded
 * CJK font (documents/font.ts): A4, title centred, the blocks top to bottom with page breaks where
 * a row or paragraph would not fit, the signature lines, the issuer's 落款 with the date, and the
 * footnotes. The same form always lays out the same way, whatever process declared it.
 */
import PDFDocument from 'pdfkit';
import { type FormBlock, type FormDocument, amountLines, chineseDate } from './form';
import { cjkFont } from './font';

const A4 = { width: 595.28, height: 841.89 };
const margin = 56;
const contentWidth = A4.width - 2 * margin;
const bottom = A4.height - margin;
const bodySize = 11.5;
const cellPadding = 5;

type Doc = PDFKit.PDFDocument;

export function renderPdf(form: FormDocument): Promise<Buffer> {
  const font = cjkFont();
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    info: { Title: form.title, Author: form.issuer, Subject: form.documentNo ?? form.title, Creator: '江门医保经办服务' },
    // the font is embedded as a subset; text stays searchable and copyable (ToUnicode map)
    autoFirstPage: true,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.postscriptName);
  doc.font('cjk');

  doc.fontSize(20).text(form.title, margin, margin, { width: contentWidth, align: 'center', characterSpacing: 2 });
  if (form.documentNo) doc.moveDown(0.3).fontSize(10).text(form.documentNo, { width: contentWidth, align: 'center' });
  doc.moveDown(1.2).fontSize(bodySize);
  if (form.addressee) {
    doc.text(`${form.addressee}：`, margin, doc.y, { width: contentWidth });
    doc.moveDown(0.4);
  }
  for (const block of form.blocks) renderBlock(doc, block);
  if (form.signatures?.length) renderSignatures(doc, form.signatures);
  renderIssuer(doc, form.issuer, form.issuedOn);
  if (form.footnotes?.length) {
    ensureRoom(doc, 40);
    doc.moveDown(1).fontSize(9).fillColor('#444');
    for (const note of form.footnotes) doc.text(note, margin, doc.y, { width: contentWidth });
    doc.fillColor('black').fontSize(bodySize);
  }
  doc.end();
  return done;
}

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom) doc.addPage();
}

function renderBlock(doc: Doc, block: FormBlock): void {
  doc.fontSize(bodySize);
  switch (block.kind) {
    case 'paragraph': {
      const text = `\u3000\u3000${block.text}`;
      ensureRoom(doc, Math.min(doc.heightOfString(text, { width: contentWidth }), 3 * doc.currentLineHeight()));
      doc.text(text, margin, doc.y, { width: contentWidth, lineGap: 3 });
      doc.moveDown(0.5);
      return;
    }
    case 'fields':
      renderTable(
        doc,
        null,
        block.fields.map((f) => [f.label, f.value]),
        [1, 3],
      );
      return;
    case 'table':
      if (block.title) heading(doc, block.title);
      renderTable(doc, block.columns, block.rows, block.widths);
      return;
    case 'list': {
      if (block.title) heading(doc, block.title);
      const items = block.items.length ? block.items.map((item, i) => `${i + 1}. ${item}`) : [block.empty ?? '（无）'];
      for (const line of items) {
        ensureRoom(doc, doc.heightOfString(line, { width: contentWidth - 24 }));
        doc.text(line, margin + 24, doc.y, { width: contentWidth - 24, lineGap: 2 });
      }
      doc.moveDown(0.5);
      return;
    }
    case 'amount': {
      const { figures, words } = amountLines(block.fen);
      renderTable(doc, null, [[block.label, `${figures}    ${words}`]], [1, 3]);
      return;
    }
  }
}

function heading(doc: Doc, title: string): void {
  ensureRoom(doc, 3 * doc.currentLineHeight());
  doc.fontSize(bodySize + 0.5).text(title, margin, doc.y, { width: contentWidth });
  doc.fontSize(bodySize).moveDown(0.3);
}

/** A ruled table; a row that would cross the bottom margin starts a new page (the header repeated). */
function renderTable(doc: Doc, header: readonly string[] | null, rows: readonly (readonly string[])[], widths?: readonly number[]): void {
  const columns = header?.length ?? rows[0]?.length ?? 1;
  const weights = widths && widths.length === columns ? widths : Array.from({ length: columns }, () => 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const colWidths = weights.map((w) => (w / sum) * contentWidth);
  const drawRow = (cells: readonly string[], shaded: boolean) => {
    const height =
      Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: colWidths[i]! - 2 * cellPadding })), doc.currentLineHeight()) +
      2 * cellPadding;
    if (doc.y + height > bottom) {
      doc.addPage();
      if (header && !shaded) drawRow(header, true);
    }
    const top = doc.y;
    let x = margin;
    cells.forEach((cell, i) => {
      const w = colWidths[i]!;
      if (shaded || (header === null && i === 0)) doc.save().rect(x, top, w, height).fill('#f0f0f0').restore();
      doc.rect(x, top, w, height).lineWidth(0.6).stroke();
      doc.text(cell, x + cellPadding, top + cellPadding, { width: w - 2 * cellPadding });
      x += w;
    });
    doc.x = margin;
    doc.y = top + height;
  };
  if (header) drawRow(header, true);
  for (const row of rows) drawRow(row, false);
  doc.moveDown(0.6);
}

function renderSignatures(doc: Doc, signatures: FormDocument['signatures'] & object): void {
  doc.moveDown(0.8);
  for (const s of signatures) {
    ensureRoom(doc, 2 * doc.currentLineHeight());
    const date = s.date ? chineseDate(s.date) : '____年____月____日';
    doc.text(`${s.role}（签名）：${s.name || '________________'}`, margin, doc.y, { width: contentWidth / 2, continued: false });
    doc.moveUp().text(`日期：${date}`, margin + contentWidth / 2, doc.y, { width: contentWidth / 2, align: 'right' });
    doc.moveDown(0.6);
  }
}

function renderIssuer(doc: Doc, issuer: string, issuedOn: string): void {
  ensureRoom(doc, 5 * doc.currentLineHeight());
  doc.moveDown(1.5);
  doc.text(`${issuer}（盖章）`, margin, doc.y, { width: contentWidth, align: 'right' });
  doc.text(chineseDate(issuedOn), margin, doc.y, { width: contentWidth, align: 'right' });
}
