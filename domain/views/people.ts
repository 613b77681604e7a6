/**
 * Person search and the person page as the API shows them (api/routes/people.ts, issue 18): ID
 * numbers masked (first 6, last 4) but on the person page for those who face the person
 * (domain/access-policy.ts showsFullIdNumber), typed with the domain's process names and
 * jurisdictions.
 */
import { z } from 'zod';
import { jurisdictionSchema } from '../people';
import { processNames } from '../processes';

export const personRecordViewSchema = z.object({
  process: z.enum(processNames),
  processTitle: z.string(),
  id: z.string(),
  path: z.string(),
  jurisdiction: jurisdictionSchema,
  status: z.string(),
  reference: z.string().nullable(),
});
export const personSummarySchema = z.object({
  personKey: z.string(),
  name: z.string(),
  idNumber: z.string().describe('masked: first 6, last 4'),
  records: z.number().int(),
  /** the titles of the processes the person has records in */
  processes: z.array(z.string()),
});
export const personSearchAnswerSchema = z.object({ people: z.array(personSummarySchema) });
export const personPageSchema = z.object({
  personKey: z.string(),
  name: z.string(),
  idNumber: z.string(),
  idNumberShown: z.enum(['full', 'masked']),
  records: z.array(personRecordViewSchema),
  assistanceIdentities: z.array(
    z.object({
      id: z.string(),
      agency: jurisdictionSchema,
      category: z.string(),
      kind: z.string(),
      recognizedOn: z.string(),
      terminatedOn: z.string().nullable(),
    }),
  ),
  notices: z.array(
    z.object({
      id: z.string(),
      caseId: z.string(),
      template: z.string(),
      subject: z.string(),
      createdAt: z.string(),
      deliveries: z.array(z.object({ channel: z.string(), status: z.string(), sentAt: z.string().nullable() })),
    }),
  ),
});
