/**
 * What a scan uploaded to a case may be (issue 18; 001 §27 archives): PDF, JPEG, PNG or TIFF, at
 * most 10 MB, recognised by its first bytes (a declared type the content does not bear out is
 * refused, so an HTML page or a script cannot pass as a scan), kept with its SHA-256. Pure.
 */
import { DomainError } from './errors';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const attachmentTypes = {
  'application/pdf': { name: 'PDF', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  'image/jpeg': { name: 'JPEG', magic: [[0xff, 0xd8, 0xff]] },
  'image/png': { name: 'PNG', magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  'image/tiff': {
    name: 'TIFF',
    magic: [
      [0x49, 0x49, 0x2a, 0x00],
      [0x4d, 0x4d, 0x00, 0x2a],
    ],
  },
} as const;
export type AttachmentType = keyof typeof attachmentTypes;

const typeList = Object.values(attachmentTypes)
  .map((t) => t.name)
  .join('、');

/** The content type of `bytes` declared as `declared`, or the refusal (size, type, content). */
export function checkAttachment(declared: string, bytes: Uint8Array, fileName: string): AttachmentType {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  if (!(type in attachmentTypes)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `附件只能是 ${typeList} 格式的扫描件`, { contentType: type, fileName });
  }
  if (bytes.length === 0) throw new DomainError('VALIDATION_FAILED', '附件内容为空', { fileName });
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, {
      sizeBytes: bytes.length,
      fileName,
    });
  }
  const { magic, name } = attachmentTypes[type as AttachmentType];
  if (!magic.some((m) => m.every((b, i) => bytes[i] === b))) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `附件内容不是 ${name} 文件（与声明的类型不符）`, { contentType: type, fileName });
  }
  return type as AttachmentType;
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const forbidden = new RegExp('[\\u0000-\\u001f\\u007f"<>:|?*]', 'g'); // control characters and what file systems refuse
  const cleaned = base.replace(forbidden, '_').trim().slice(0, 120);
  return cleaned || 'attachment';
}
