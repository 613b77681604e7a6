/** Roles and jurisdictions of the people who use the service (DOMAIN §10). */
import { z } from 'zod';

export const jurisdictions = ['municipal', 'pengjiang', 'jianghai', 'xinhui', 'taishan', 'kaiping', 'heshan', 'enping'] as const;
export type Jurisdiction = (typeof jurisdictions)[number];
export const jurisdictionSchema = z.enum(jurisdictions);
export const jurisdictionNames: Record<Jurisdiction, string> = {
  municipal: '市本级',
  pengjiang: '蓬江',
  jianghai: '江海',
  xinhui: '新会',
  taishan: '台山',
  kaiping: '开平',
  heshan: '鹤山',
  enping: '恩平',
};

export const roles = [
  'window_clerk',
  'reviewer',
  'approver',
  'finance',
  'supervisor',
  'admin',
  'institution',
  'expert_panel',
  'fiscal',
] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);
export const roleNames: Record<Role, string> = {
  window_clerk: '窗口受理人员',
  reviewer: '审核人员',
  approver: '核准人员',
  finance: '财务人员',
  supervisor: '监督人员',
  admin: '系统管理员',
  institution: '定点机构用户',
  expert_panel: '医疗专家组',
  fiscal: '财政部门审批人员',
};

export const actorSchema = z.object({
  username: z.string().min(1),
  role: roleSchema,
  jurisdiction: jurisdictionSchema,
  /** institution users only: the one designated institution they act as (domain/institutions.ts) */
  institutionCode: z.string().min(1).max(40).optional(),
});
export type Actor = z.infer<typeof actorSchema>;

/** The system itself (timers): recorded as the actor of deadline reminders and breaches. */
export function systemActor(jurisdiction: Jurisdiction): Actor {
  return { username: 'system', role: 'admin', jurisdiction };
}

export const isSystemActor = (actor: Actor): boolean => actor.username === 'system';

/** 身份证号 keeps the first 6 (region) and last 4; phone keeps the first 3 and last 4. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

const idNumberPattern = /(?<![0-9])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9])/g;

/** Every 18-character ID number inside a text (a URL, a message) masked: for log lines and audit rows. */
export function maskIdNumbersIn(text: string): string {
  return text.replace(idNumberPattern, (_m, head: string, tail: string) => `${head}********${tail}`);
}

/** An e-mail address keeps its first character and its domain: z***@example.com. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '*'.repeat(email.length);
  return `${email[0]}***${email.slice(at)}`;
}
