/** Roles and jurisdictions of the people who use the service (DOMAIN §10). */
import { z } from 'zod';

export const jurisdictions = ['municipal', 'pengjiang', 'jianghai', 'xinhui', 'taishan', 'kaiping', 'heshan', 'enping'] as const;
export type Jurisdiction = (typeof jurisdictions)[number];
export const jurisdictionSchema = z.enum(jurisdictions);
export const jurisdictionNames: Record<Jurisdiction, string> = {
  municipal: '市本级', pengjiang: '蓬江', jianghai: '江海', xinhui: '新会',
  taishan: '台山', kaiping: '开平', heshan: '鹤山', enping: '恩平',
};

export const roles = ['window_clerk', 'reviewer', 'approver', 'finance', 'supervisor', 'admin', 'institution', 'expert_panel', 'fiscal'] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);
export const roleNames: Record<Role, string> = {
  window_clerk: '窗口受理人员', reviewer: '审核人员', approver: '核准人员', finance: '财务人员',
  supervisor: '监督人员', admin: '系统管理员', institution: '定点机构用户', expert_panel: '医疗专家组', fiscal: '财政部门审批人员',
};

export const actorSchema = z.object({
  username: z.string().min(1),
  role: roleSchema,
  jurisdiction: jurisdictionSchema,
});
export type Actor = z.infer<typeof actorSchema>;

/** The system itself (timers): recorded as the actor of deadline reminders and breaches. */
export function systemActor(jurisdiction: Jurisdiction): Actor {
  return { username: 'system', role: 'admin', jurisdiction };
}

/**
 * Who may see a case: its own jurisdiction's staff; municipal supervisors and administrators see
 * every county (oversight). Acting is always limited to one's own jurisdiction.
 */
export function canSee(actor: Actor, caseJurisdiction: Jurisdiction): boolean {
  if (actor.jurisdiction === caseJurisdiction) return true;
  return actor.jurisdiction === 'municipal' && (actor.role === 'supervisor' || actor.role === 'admin');
}

/** 身份证号 keeps the first 6 (region) and last 4; phone keeps the first 3 and last 4. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
