/**
 * The counter paperwork of a service case as PDF (documents/service-case-forms.ts, rendered by
 * documents/pdf.ts): GET /cases/:id/documents/{acceptance-notice,refusal-notice,correction-notice,
 * completion-notice}.pdf, for whoever may read the case. A form the case's state does not support
 * (a 受理通知书 before acceptance) is 409 DOCUMENT_NOT_APPLICABLE.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceStep } from '../../domain/catalogue-data';
import { FontMissingError } from '../../documents/font';
import { renderPdf } from '../../documents/pdf';
import { DomainError } from '../../domain/errors';
import { type CaseForForms, serviceCaseForm, serviceCaseFormTitles, serviceCaseForms } from '../../documents/service-case-forms';
import type { Jurisdiction } from '../../domain/people';
import type { RouteContext } from '../app';
import { displayNames } from '../history';
import { caseIdParamsSchema, visibleServiceCase } from './cases';

/** The reply of a PDF route in the API document. */
export const pdfResponse = {
  description: 'PDF（A4，内嵌中文字体）',
  content: { 'application/pdf': { schema: z.string().describe('application/pdf') } },
};

/** Sends a PDF as a download, never sniffed or shown as anything else. */
export function sendPdf(reply: FastifyReply, fileName: string, chineseName: string, pdf: Buffer): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${fileName}.pdf"; filename*=UTF-8''${encodeURIComponent(chineseName)}.pdf`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

export const caseDocumentRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;
    app.get(
      '/cases/:id/documents/:form',
      {
        schema: {
          tags: ['cases'],
          params: caseIdParamsSchema.extend({
            form: z.enum(serviceCaseForms.map((f) => `${f}.pdf`) as [string, ...string[]], { message: '没有这种文书' }),
          }),
          response: { 200: pdfResponse },
        },
      },
      async (request, reply) => {
        const { row } = await visibleServiceCase(ctx, request, request.params.id);
        const form = request.params.form.replace(/\.pdf$/, '') as (typeof serviceCaseForms)[number];
        const [item, rejectedBy] = await Promise.all([
          prisma.catalogueItem.findUnique({ where: { code: row.itemCode }, select: { name: true, steps: true } }),
          prisma.auditEvent.findFirst({
            where: { caseId: row.id, action: { in: ['reject', 'refused_on_creation'] } },
            orderBy: { seq: 'desc' },
            select: { actor: true },
          }),
        ]);
        const steps = row.steps as { step: string; by: string; at: string }[];
        const correction = row.correction as CaseForForms['correction'];
        const withRejection = rejectedBy
          ? [...steps, { step: 'reject', by: rejectedBy.actor, at: row.closedAt?.toISOString() ?? '' }]
          : steps;
        const names = await displayNames(prisma, [...withRejection.map((s) => s.by), ...(correction ? [correction.by] : [])]);
        const document = serviceCaseForm(form, {
          ...row,
          jurisdiction: row.jurisdiction as Jurisdiction,
          itemName: item?.name ?? row.itemCode,
          itemSteps: (item?.steps ?? []) as ServiceStep[],
          steps: withRejection,
          correction,
          disbursedFen: row.disbursedFen === null ? null : Number(row.disbursedFen),
          names,
        });
        const pdf = await renderPdf(document).catch((e: unknown) => {
          if (e instanceof FontMissingError) {
            request.log.error({ err: e }, 'form not printed: no CJK font');
            throw new DomainError('SERVICE_UNAVAILABLE', '服务器缺少打印文书所需的中文字体，请联系系统管理员', { form });
          }
          throw e;
        });
        request.log.info({ form, caseId: row.id, bytes: pdf.length }, 'form printed');
        return sendPdf(reply, `${form}-${row.applicationNo}`, `${serviceCaseFormTitles[form]}-${row.applicationNo}`, pdf);
      },
    );
  };
