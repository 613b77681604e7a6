/** The holiday calendar as the API shows it (api/routes/calendar.ts). */
import { z } from 'zod';

export const calendarDayViewSchema = z.object({ date: z.string(), name: z.string() });
export type CalendarDay = z.infer<typeof calendarDayViewSchema>;

export const calendarYearSchema = z.object({
  year: z.number().int(),
  notice: z.string(),
  loadedBy: z.string(),
  loadedAt: z.string(),
  holidays: z.array(calendarDayViewSchema),
  makeupWorkdays: z.array(calendarDayViewSchema),
});
export type CalendarYear = z.infer<typeof calendarYearSchema>;

/** Which years are loaded, and from 1 November whether next year's is still missing. */
export const calendarStatusSchema = z.object({
  today: z.string(),
  loadedYears: z.array(z.number().int()),
  missingNextYear: z.object({ year: z.number().int(), since: z.string() }).nullable(),
});
export type CalendarStatus = z.infer<typeof calendarStatusSchema>;

/** `PUT /calendar/:year`: what was loaded, and how many open records recompute their deadline. */
export const calendarImportResultSchema = z.object({
  year: z.number().int(),
  holidays: z.number().int(),
  makeupWorkdays: z.number().int(),
  casesRecomputing: z.number().int().describe('open cases and reviews whose deadline the change reaches: each is told to recompute it'),
  broadcastWorkflowId: z.string().describe('the workflow telling them (Temporal workflow ID), page by page, until every one is told'),
});
