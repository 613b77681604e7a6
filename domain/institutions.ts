/**
 * Designated medical institutions (定点医疗机构) the service knows, with what each is designated
 * for. Institution users belong to exactly one of them (the code on their user record and token).
 * The special-disease qualifications per disease are data (prisma/seed/special-diseases.json,
 * administrable); the family-bed and geriatric-ward designations are here.
 */
import type { Jurisdiction } from './people';

export interface DesignatedInstitution {
  code: string;
  name: string;
  /** the agency it is designated with (属地医保经办机构) */
  jurisdiction: Jurisdiction;
  /** 000 §8: "经批准符合开设家庭病床资格的定点医疗机构" */
  familyBeds: boolean;
  /** 000 §13: a geriatric ward approved by the health administration (经卫生行政部门核准设立) */
  geriatricWard: boolean;
}

export const designatedInstitutions: readonly DesignatedInstitution[] = [
  { code: 'H44070001', name: '江门市中心医院', jurisdiction: 'municipal', familyBeds: false, geriatricWard: true },
  { code: 'H44078101', name: '台山市人民医院', jurisdiction: 'taishan', familyBeds: true, geriatricWard: true },
  { code: 'H44078301', name: '开平市中心医院', jurisdiction: 'kaiping', familyBeds: true, geriatricWard: true },
  { code: 'H44078111', name: '台山市台城街道社区卫生服务中心', jurisdiction: 'taishan', familyBeds: true, geriatricWard: false },
];

export function institutionByCode(code: string | undefined | null): DesignatedInstitution | undefined {
  return code ? designatedInstitutions.find((i) => i.code === code) : undefined;
}
