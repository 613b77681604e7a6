/**
 * Attachments (issue 18): scans uploaded to any process's record and kept with it in PostgreSQL (the
 * bytes, their SHA-256, type and size; 001 §27 archives), listed and downloaded by whoever may read
 * the record. The upload is the raw file as the request body with its own content type (PDF, JPEG,
 * PNG, TIFF; checked against the content's first bytes, domain/attachments.ts), `fileName` and an
 * optional checklist `material` in the query. A download is always `attachment`, never shown inline,
 * with `nosniff` and a sandboxing content-security-policy, so no upload can run as a page.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES, attachmentTypes, checkAttachment, cleanFileName } from '../../domain/attachments';
import { DomainError } from '../../domain/errors';
import type { Role } from '../../domain/people';
import { attachmentViewSchema } from '../../domain/views/attachments';
import type { RouteContext } from '../app';
import { displayNames } from '../history';
import { visibleRecord } from '../records';

const recordParams = z.object({ id: z.string().min(3).max(200) });
/** The staff who handle records at the counter or in review, and the institution that submitted one. */
const uploaderRoles: readonly Role[] = ['window_clerk', 'reviewer', 'approver', 'finance', 'institution'];

export const attachmentRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;
    // The scan itself is the body: parsed as bytes for these types only, in this plugin only.
    app.addContentTypeParser(Object.keys(attachmentTypes), { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES + 1 }, (_r, body, done) =>
      done(null, body),
    );

    const view = (
      a: {
        id: string;
        recordId: string;
        fileName: string;
        contentType: string;
        sizeBytes: number;
        sha256: string;
        material: string | null;
        uploadedBy: string;
        uploadedAt: Date;
      },
      names: Map<string, string>,
    ) => ({
      id: a.id,
      recordId: a.recordId,
      fileName: a.fileName,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      sha256: a.sha256,
      material: a.material,
      uploadedBy: a.uploadedBy,
      uploadedByName: names.get(a.uploadedBy) ?? null,
      uploadedAt: a.uploadedAt.toISOString(),
    });

    app.post(
      '/records/:id/attachments',
      {
        bodyLimit: MAX_ATTACHMENT_BYTES + 1,
        schema: {
          tags: ['attachments'],
          params: recordParams,
          querystring: z.object({ fileName: z.string().min(1).max(200), material: z.string().min(1).max(200).optional() }).strict(),
          response: { 201: attachmentViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, uploaderRoles, '上传附件');
        const record = await visibleRecord(ctx, request, request.params.id);
        if (record.jurisdiction !== actor.jurisdiction) {
          const error = new DomainError('OUT_OF_JURISDICTION', '只能为本辖区的办件上传附件', { recordJurisdiction: record.jurisdiction });
          await ctx.logDenied(request, error, record.id);
          throw error;
        }
        const body = request.body;
        if (!Buffer.isBuffer(body)) {
          throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '附件须以文件本身作为请求内容上传（PDF、JPEG、PNG 或 TIFF）');
        }
        const fileName = cleanFileName(request.query.fileName);
        const contentType = checkAttachment(request.headers['content-type'] ?? '', body, fileName);
        const sha256 = createHash('sha256').update(body).digest('hex');
        const row = await prisma.$transaction(async (tx) => {
          const created = await tx.attachment.create({
            data: {
              id: randomUUID(),
              recordId: record.id,
              fileName,
              contentType,
              sizeBytes: body.length,
              sha256,
              content: new Uint8Array(body),
              material: request.query.material ?? null,
              uploadedBy: actor.username,
              uploadedAt: new Date(),
            },
            omit: { content: true },
          });
          await tx.caseActivity.create({
            data: {
              recordId: record.id,
              kind: 'attachment',
              actor: actor.username,
              actorRole: actor.role,
              office: actor.jurisdiction,
              at: created.uploadedAt,
              text: `上传附件「${fileName}」${request.query.material ? `（${request.query.material}）` : ''}，SHA-256 ${sha256.slice(0, 16)}…`,
            },
          });
          return created;
        });
        request.log.info({ recordId: record.id, attachment: row.id, sizeBytes: row.sizeBytes }, 'attachment stored');
        return reply.status(201).send(view(row, await displayNames(prisma, [actor.username])));
      },
    );

    app.get(
      '/records/:id/attachments',
      { schema: { tags: ['attachments'], params: recordParams, response: { 200: z.array(attachmentViewSchema) } } },
      async (request) => {
        const record = await visibleRecord(ctx, request, request.params.id);
        const rows = await prisma.attachment.findMany({
          where: { recordId: record.id },
          orderBy: { uploadedAt: 'asc' },
          omit: { content: true },
        });
        const names = await displayNames(
          prisma,
          rows.map((r) => r.uploadedBy),
        );
        return rows.map((r) => view(r, names));
      },
    );

    app.get(
      '/records/:id/attachments/:attachmentId',
      {
        schema: {
          tags: ['attachments'],
          params: recordParams.extend({ attachmentId: z.uuid('附件编号格式不正确') }),
          response: { 200: { description: '附件（下载）', content: { 'application/octet-stream': { schema: z.string() } } } },
        },
      },
      async (request, reply) => {
        const record = await visibleRecord(ctx, request, request.params.id);
        const row = await prisma.attachment.findFirst({ where: { id: request.params.attachmentId, recordId: record.id } });
        if (!row) throw new DomainError('NOT_FOUND', '该办件没有这个附件', { attachmentId: request.params.attachmentId });
        const ascii = row.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
        return reply
          .header('content-type', row.contentType)
          .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.fileName)}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .header('x-content-sha256', row.sha256)
          .send(Buffer.from(row.content) as unknown as string);
      },
    );
  };
