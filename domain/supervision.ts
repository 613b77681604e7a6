/** The supervisor's 督办 (urge) request, shared by the API and the workbench (issue 18). */
import { z } from 'zod';
import { lineText } from './primitives';

export const urgeRequestSchema = z
  .object({
    recordId: z
      .string()
      .min(1)
      .max(200)
      .regex(/^(service-case|care-episode):/, '只能督办服务事项案件或家庭病床/老年病区申请')
      .describe('service-case:… or care-episode:…'),
    note: lineText(200).describe('督办意见'),
  })
  .strict();
export type UrgeRequest = z.infer<typeof urgeRequestSchema>;
