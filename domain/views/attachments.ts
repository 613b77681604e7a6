/** An attachment of a record (a scan: PDF, JPEG, PNG, TIFF) as the API shows it (api/routes/attachments.ts). */
import { z } from 'zod';

export const attachmentViewSchema = z.object({
  id: z.string(),
  recordId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  /** the checklist material it stands for, if the clerk said */
  material: z.string().nullable(),
  uploadedBy: z.string(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.string(),
});
