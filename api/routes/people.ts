/**
 * Find a person (issue 18): POST /people/search by ID number, name or application/filing number across
 * every process of the registry (store/people.ts), the query in the body, never in the URL (issue 13
 * §10: an ID number in a query string lands in access logs and the security-event table), and
 * GET /people/:personKey, the person's page:
 * every record, assistance identity and notice (with its deliveries) the user may read. ID numbers
 * are masked (first 6, last 4) but on the person page for those who face the person (the counter
 * clerk, domain/access-policy.ts showsFullIdNumber); each such read is logged (IdNumberRead), and a
 * read of assistance identities in the recipients' own log (001 §26).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readScope, showsFullIdNumber } from '../../domain/access-policy';
import { DomainError } from '../../domain/errors';
import { type Jurisdiction, maskIdNumber } from '../../domain/people';
import { lineText } from '../../domain/primitives';
import { processes } from '../../domain/processes';
import { personPageSchema, personSearchAnswerSchema } from '../../domain/views/people';
import { findPersonRecords, recordsOfPerson } from '../../store/people';
import type { RouteContext } from '../app';

export const peopleRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    app.post(
      '/people/search',
      {
        schema: {
          tags: ['people'],
          body: z.object({ q: lineText(50).pipe(z.string().min(2, '请输入至少2个字符（身份证号、姓名或申请编号）')) }).strict(),
          response: { 200: personSearchAnswerSchema },
        },
      },
      async (request) => {
        const records = await findPersonRecords(prisma, request.actor!, request.body.q);
        const people = new Map<string, { personKey: string; name: string; idNumber: string; records: number; processes: Set<string> }>();
        for (const r of records) {
          const p = people.get(r.personKey) ?? {
            personKey: r.personKey,
            name: r.name,
            idNumber: maskIdNumber(r.idNumber),
            records: 0,
            processes: new Set(),
          };
          p.records++;
          p.processes.add(processes[r.process].title);
          people.set(r.personKey, p);
        }
        return { people: [...people.values()].map((p) => ({ ...p, processes: [...p.processes] })) };
      },
    );

    app.get(
      '/people/:personKey',
      {
        schema: {
          tags: ['people'],
          params: z.object({ personKey: z.string().regex(/^[0-9a-f]{16}$/, '人员标识格式不正确') }),
          response: { 200: personPageSchema },
        },
      },
      async (request) => {
        const actor = request.actor!;
        const { personKey } = request.params;
        const records = await recordsOfPerson(prisma, actor, personKey);
        const assistanceScope = readScope(actor, 'assistance_recipient');
        const identities = assistanceScope
          ? await prisma.assistanceIdentity.findMany({
              where: { personKey, agency: { in: [...assistanceScope.jurisdictions] } },
              orderBy: { recognizedOn: 'asc' },
            })
          : [];
        const noticeScope = readScope(actor, 'notice');
        const notices = noticeScope
          ? await prisma.notice.findMany({
              where: { personKey, jurisdiction: { in: [...noticeScope.jurisdictions] } },
              include: { deliveries: true },
              orderBy: { createdAt: 'desc' },
              take: 200,
            })
          : [];
        const first = records[0] ?? identities[0];
        if (!first) throw new DomainError('NOT_FOUND', '没有找到该人员在您可查看范围内的任何记录', { personKey });
        const idNumber = 'idNumber' in first ? first.idNumber : '';
        const name = 'name' in first ? first.name : (first as { personName: string }).personName;
        const full = records.some((r) =>
          showsFullIdNumber(
            actor,
            processes[r.process].tasks?.recordKind ?? processes[r.process].recordKind!,
            { jurisdiction: r.jurisdiction },
            'detail',
          ),
        );
        const route = '/people/:personKey';
        if (full) await ctx.visibility.fullIdNumberRead(request, personKey);
        if (identities.length) {
          const agencies = [...new Set(identities.map((i) => i.agency))] as Jurisdiction[];
          await prisma.recipientReadLog.createMany({
            data: agencies.map((agency) => ({
              personKey,
              agency,
              username: actor.username,
              role: actor.role,
              jurisdiction: actor.jurisdiction,
              route,
              at: new Date(),
            })),
          });
        }
        return {
          personKey,
          name,
          idNumber: full ? idNumber : maskIdNumber(idNumber),
          idNumberShown: full ? ('full' as const) : ('masked' as const),
          records: records.map((r) => ({
            process: r.process,
            processTitle: processes[r.process].title,
            id: r.id,
            path: `${processes[r.process].apiPath}/${encodeURIComponent(r.id)}`,
            jurisdiction: r.jurisdiction,
            status: r.status,
            reference: r.reference,
          })),
          assistanceIdentities: identities.map((i) => ({
            id: i.id,
            agency: i.agency,
            category: i.category,
            kind: i.kind,
            recognizedOn: i.recognizedOn,
            terminatedOn: i.terminatedOn,
          })),
          notices: notices.map((n) => ({
            id: String(n.id),
            caseId: n.caseId,
            template: n.template,
            subject: n.subject,
            createdAt: n.createdAt.toISOString(),
            deliveries: n.deliveries.map((d) => ({ channel: d.channel, status: d.status, sentAt: d.sentAt?.toISOString() ?? null })),
          })),
        };
      },
    );
  };
