/**
 * The edge of the one visibility policy (domain/access-policy.ts): a refused read is a logged 403;
 * a list's scope becomes the query's filter. Records that carry no institution code of their own
 * (service cases, care episodes) belong to the institution of the user who submitted them.
 */
import type { FastifyRequest } from 'fastify';
import { type ReadScope, type RecordKind, type RecordRef, mayRead, readScope, recordKindNames } from '../domain/access-policy';
import { DomainError } from '../domain/errors';
import { type Actor, type Jurisdiction, jurisdictionNames } from '../domain/people';
import type { PrismaClient } from '../generated/prisma/client';

type LogDenied = (request: FastifyRequest, error: DomainError, target?: string) => Promise<void>;

export interface Visibility {
  /**
   * What the actor may list of `kind`, narrowed to `asked` (a county filter) when given: 403 when
   * the role sees nothing of that kind or the county asked for is outside its scope.
   */
  listScope(request: FastifyRequest, kind: RecordKind, asked?: Jurisdiction): Promise<ReadScope>;
  /** 403 (logged) unless the actor may read this record. */
  requireReadable(request: FastifyRequest, kind: RecordKind, record: RecordRef, target: string): Promise<void>;
  /** The institution code of the user who submitted a record (null for staff and unknown users). */
  institutionOfUser(username: string): Promise<string | null>;
  /** The users of an institution (whose submissions are that institution's records). */
  usersOfInstitution(code: string): Promise<string[]>;
  /** A record submitted by `createdBy` as the policy sees it (its institution looked up only for institution readers). */
  submittedRecord(actor: Actor, jurisdiction: Jurisdiction, createdBy: string): Promise<RecordRef>;
  /** Logs that this answer carries a person's full ID number (001 §26; issue 18): who, when, which route. */
  fullIdNumberRead(request: FastifyRequest, personKey: string): Promise<void>;
}

export function createVisibility(prisma: PrismaClient, logDenied: LogDenied): Visibility {
  const refuse = async (request: FastifyRequest, error: DomainError, target?: string): Promise<never> => {
    await logDenied(request, error, target);
    throw error;
  };
  return {
    async listScope(request, kind, asked) {
      const actor = request.actor!;
      const scope = readScope(actor, kind);
      if (!scope) {
        return refuse(request, new DomainError('ROLE_NOT_ALLOWED', `您的角色不能查看${recordKindNames[kind]}`, { role: actor.role, kind }));
      }
      if (!asked) return scope;
      if (!scope.jurisdictions.includes(asked)) {
        return refuse(
          request,
          new DomainError('OUT_OF_JURISDICTION', `不能查看${jurisdictionNames[asked]}的${recordKindNames[kind]}`, {
            requested: asked,
            actorJurisdiction: actor.jurisdiction,
          }),
        );
      }
      return { ...scope, jurisdictions: [asked] };
    },
    async requireReadable(request, kind, record, target) {
      const actor: Actor = request.actor!;
      if (mayRead(actor, kind, record)) return;
      const owner = actor.role === 'institution' ? '定点机构' : '经办辖区';
      const error = readScope(actor, kind)
        ? new DomainError('OUT_OF_JURISDICTION', `该${recordKindNames[kind]}不属于您所在的${owner}`, {
            recordJurisdiction: record.jurisdiction,
            actorJurisdiction: actor.jurisdiction,
          })
        : new DomainError('ROLE_NOT_ALLOWED', `您的角色不能查看${recordKindNames[kind]}`, { role: actor.role, kind });
      await refuse(request, error, target);
    },
    async institutionOfUser(username) {
      const user = await prisma.user.findUnique({ where: { username }, select: { institutionCode: true } });
      return user?.institutionCode ?? null;
    },
    async submittedRecord(actor, jurisdiction, createdBy) {
      if (actor.role !== 'institution') return { jurisdiction };
      const user = await prisma.user.findUnique({ where: { username: createdBy }, select: { institutionCode: true } });
      return { jurisdiction, institutionCode: user?.institutionCode ?? null };
    },
    async fullIdNumberRead(request, personKey) {
      const actor = request.actor!;
      await prisma.idNumberRead.create({
        data: {
          personKey,
          username: actor.username,
          role: actor.role,
          office: actor.jurisdiction,
          route: `${request.method} ${request.routeOptions.url ?? ''}`,
          at: new Date(),
        },
      });
    },
    async usersOfInstitution(code) {
      const users = await prisma.user.findMany({ where: { institutionCode: code }, select: { username: true } });
      return users.map((u) => u.username);
    },
  };
}
