/**
 * General-outpatient designated facilities (普通门诊选点, 000 §19–§22; 004 item 9): the register of
 * designated facilities an administrator loads, a person's choice and its changes, and the
 * settlement side's question "which facility may person X use on date D".
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { facilityServices } from '../../domain/outpatient-facility';
import { jurisdictionSchema } from '../../domain/people';
import { lineText } from '../../domain/primitives';
import type { Prisma } from '../../generated/prisma/client';
import type { RouteContext } from '../app';

type FacilityRow = Prisma.DesignatedFacilityGetPayload<object>;

const facilityCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '机构编码只能含字母、数字、下划线和连字符，最长40位');

export const designatedFacilitySchema = z.object({
  name: lineText(100),
  county: lineText(50),
  /** the agency it is designated with; absent for an off-site facility */
  jurisdiction: jurisdictionSchema.nullable().default(null),
  grade: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  offsite: z.boolean().default(false),
  services: z.array(z.enum(facilityServices)).min(1).max(facilityServices.length)
    .refine((s) => new Set(s).size === s.length, '服务类别不能重复'),
  active: z.boolean().default(true),
}).strict().refine((f) => f.offsite || f.jurisdiction !== null, { message: '本地定点机构须填写所属经办机构', path: ['jurisdiction'] })
  .refine((f) => !f.offsite || f.jurisdiction === null, { message: '异地定点机构不属于本市经办机构', path: ['jurisdiction'] });

export const designatedFacilityViewSchema = z.object({
  code: z.string(), name: z.string(), county: z.string(), jurisdiction: jurisdictionSchema.nullable(),
  grade: z.number().int(), offsite: z.boolean(), services: z.array(z.string()), active: z.boolean(),
  updatedBy: z.string(), updatedAt: z.string(),
});

export function facilityView(row: FacilityRow): z.infer<typeof designatedFacilityViewSchema> {
  return { ...row, updatedAt: row.updatedAt.toISOString() };
}

export const outpatientFacilityRoutes = (ctx: RouteContext): FastifyPluginAsyncZod => async (app) => {
  const { prisma } = ctx;

  app.get('/outpatient/facilities', {
    schema: {
      tags: ['outpatient-facility'],
      querystring: z.object({
        service: z.enum(facilityServices).optional(), county: lineText(50).optional(), offsite: z.enum(['true', 'false']).optional(),
      }).strict(),
      response: { 200: z.array(designatedFacilityViewSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const rows = await prisma.designatedFacility.findMany({
      where: {
        ...(q.service ? { services: { has: q.service } } : {}), ...(q.county ? { county: q.county } : {}),
        ...(q.offsite ? { offsite: q.offsite === 'true' } : {}),
      },
      orderBy: { code: 'asc' },
    });
    return rows.map(facilityView);
  });

  /** An administrator loads or corrects one facility of the register (a grade change is recorded here). */
  app.put('/outpatient/facilities/:code', {
    schema: {
      tags: ['outpatient-facility'], params: z.object({ code: facilityCodeSchema }), body: designatedFacilitySchema,
      response: { 200: designatedFacilityViewSchema },
    },
  }, async (request) => {
    const actor = await ctx.requireRole(request, ['admin'], '维护定点医疗机构目录（仅系统管理员）');
    const data = { ...request.body, updatedBy: actor.username, updatedAt: new Date() };
    const row = await prisma.designatedFacility.upsert({ where: { code: request.params.code }, create: { code: request.params.code, ...data }, update: data });
    return facilityView(row);
  });
};

/** The register's facilities by code, refused (404) when one is unknown, inactive or not designated for `service`. */
export async function facilitiesByCode(prisma: RouteContext['prisma'], codes: string[], service: (typeof facilityServices)[number]):
  Promise<FacilityRow[]> {
  const rows = await prisma.designatedFacility.findMany({ where: { code: { in: codes } } });
  return codes.map((code, i) => {
    const row = rows.find((r) => r.code === code);
    if (!row || !row.active || !row.services.includes(service)) {
      throw new DomainError('FACILITY_NOT_FOUND', `${code} 不是${service === 'general_outpatient' ? '普通门诊' : ''}定点医疗机构（或已停用）`,
        { field: `facilities.${i}.code`, code });
    }
    return row;
  });
}
