/**
 * Seed data: the 39-item catalogue, the demo users of the embedded default, and the State Council
 * holiday calendars shipped under prisma/seed/calendars/. Idempotent: the catalogue is brought up to
 * date, but users and calendar years that exist are left alone (an administrator's correction stays).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '../generated/prisma/client';
import { serviceCatalogue } from '../domain/catalogue-data';
import { institutionByCode } from '../domain/institutions';
import { type Jurisdiction, type Role, jurisdictionNames, roleNames } from '../domain/people';
import { saveCalendarYear, type CalendarYearInput } from '../store/calendar';
import { hashPassword } from '../api/auth';
import { seedNoticeTemplates } from '../activities/notices';

export const DEMO_PASSWORD = 'demo1234';

/**
 * Demo log-ins: every role in 市本级, 台山 and 开平; a supervisor in each other county. Each
 * `<county>.hospital` acts as that county's designated hospital (domain/institutions.ts), and
 * `taishan.clinic` as a 台山 community health centre.
 */
export function demoUsers(): {
  username: string;
  role: Role;
  jurisdiction: Jurisdiction;
  displayName: string;
  institutionCode: string | null;
}[] {
  const full: Jurisdiction[] = ['municipal', 'taishan', 'kaiping'];
  const roleKeys: Record<Role, string> = {
    window_clerk: 'clerk',
    reviewer: 'reviewer',
    approver: 'approver',
    finance: 'finance',
    supervisor: 'supervisor',
    admin: 'admin',
    institution: 'hospital',
    expert_panel: 'panel',
    fiscal: 'fiscal',
  };
  const demoHospitals: Partial<Record<Jurisdiction, string>> = { municipal: 'H44070001', taishan: 'H44078101', kaiping: 'H44078301' };
  const users = [];
  for (const j of ['municipal', 'pengjiang', 'jianghai', 'xinhui', 'taishan', 'kaiping', 'heshan', 'enping'] as Jurisdiction[]) {
    const roles: Role[] = full.includes(j)
      ? [
          'window_clerk',
          'reviewer',
          'approver',
          'finance',
          'supervisor',
          'institution',
          'expert_panel',
          'fiscal',
          ...(j === 'municipal' ? ['admin' as Role] : []),
        ]
      : ['supervisor'];
    for (const role of roles) {
      const institution = role === 'institution' ? institutionByCode(demoHospitals[j]) : undefined;
      if (role === 'institution' && !institution) throw new Error(`no designated institution in ${j} for its demo user`);
      users.push({
        username: `${j}.${roleKeys[role]}`,
        role,
        jurisdiction: j,
        displayName: institution ? institution.name : `${jurisdictionNames[j]}${roleNames[role]}`,
        institutionCode: institution?.code ?? null,
      });
    }
  }
  // A second 台山 institution (a community health centre designated for family beds only), so that
  // "an institution sees and acts on its own records only" can be shown within one county.
  const clinic = institutionByCode('H44078111')!;
  users.push({
    username: 'taishan.clinic',
    role: 'institution' as Role,
    jurisdiction: clinic.jurisdiction,
    displayName: clinic.name,
    institutionCode: clinic.code,
  });
  return users;
}

export async function seedCatalogue(prisma: PrismaClient): Promise<void> {
  for (const item of serviceCatalogue) {
    const data = {
      seq: item.seq,
      name: item.name,
      group: item.group,
      subItems: item.subItems,
      handlingLevels: item.handlingLevels,
      steps: item.steps,
      timeLimitKind: item.timeLimit.kind,
      timeLimitDays: item.timeLimit.kind === 'workingDays' ? item.timeLimit.days : null,
      onlineTimeLimitDays: item.onlineTimeLimit?.kind === 'workingDays' ? item.onlineTimeLimit.days : null,
      timeLimitNote: item.timeLimit.kind === 'none' ? item.timeLimit.note : null,
      materials: item.materials,
      legalBasis: item.legalBasis,
      remark: item.remark ?? null,
    };
    await prisma.catalogueItem.upsert({ where: { code: item.code }, create: { code: item.code, ...data }, update: data });
  }
}

export async function seedDemoUsers(prisma: PrismaClient): Promise<void> {
  const existing = new Set((await prisma.user.findMany({ select: { username: true } })).map((u) => u.username));
  const hash = await hashPassword(DEMO_PASSWORD);
  const missing = demoUsers().filter((u) => !existing.has(u.username));
  if (missing.length) await prisma.user.createMany({ data: missing.map((u) => ({ ...u, passwordHash: hash })), skipDuplicates: true });
  // Demo institution users created before institution codes existed get theirs.
  for (const u of demoUsers().filter((d) => d.institutionCode && existing.has(d.username))) {
    await prisma.user.updateMany({ where: { username: u.username, institutionCode: null }, data: { institutionCode: u.institutionCode } });
  }
}

export const seedCalendarsDir = path.join(__dirname, 'seed', 'calendars');

export function shippedCalendars(): CalendarYearInput[] {
  return readdirSync(seedCalendarsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(seedCalendarsDir, f), 'utf8')) as CalendarYearInput);
}

/** Loads each shipped year that the database does not have yet; returns the years loaded. */
export async function seedCalendars(prisma: PrismaClient): Promise<number[]> {
  const have = new Set((await prisma.calendarYear.findMany({ select: { year: true } })).map((y) => y.year));
  const loaded = [];
  for (const y of shippedCalendars()) {
    if (have.has(y.year)) continue;
    await saveCalendarYear(prisma, y, 'seed');
    loaded.push(y.year);
  }
  return loaded;
}

/** The demo special-disease list and qualified institutions; diseases an administrator changed stay. */
export async function seedSpecialDiseases(prisma: PrismaClient): Promise<void> {
  const data = JSON.parse(readFileSync(path.join(__dirname, 'seed', 'special-diseases.json'), 'utf8')) as {
    diseases: { code: string; name: string; periodMonths: number }[];
    institutions: { code: string; name: string; diseases: string[] }[];
  };
  await prisma.specialDisease.createMany({
    data: data.diseases.map((d) => ({ ...d, updatedBy: 'seed', updatedAt: new Date() })),
    skipDuplicates: true,
  });
  await prisma.diseaseInstitution.createMany({
    data: data.institutions.flatMap((i) =>
      i.diseases.map((diseaseCode) => ({ diseaseCode, institutionCode: i.code, institutionName: i.name })),
    ),
    skipDuplicates: true,
  });
}

/** The demo register of designated facilities (issue 17); facilities an administrator loaded or changed stay. */
export async function seedDesignatedFacilities(prisma: PrismaClient): Promise<void> {
  const data = JSON.parse(readFileSync(path.join(__dirname, 'seed', 'designated-facilities.json'), 'utf8')) as {
    facilities: { code: string; name: string; county: string; jurisdiction: Jurisdiction; grade: number; services: string[] }[];
  };
  await prisma.designatedFacility.createMany({
    // the demo facilities are all in Jiangmen
    data: data.facilities.map((f) => ({
      ...f,
      offsite: false,
      province: '广东省',
      city: '江门市',
      updatedBy: 'seed',
      updatedAt: new Date(),
    })),
    skipDuplicates: true,
  });
}

export async function seedAll(prisma: PrismaClient): Promise<void> {
  await seedCatalogue(prisma);
  await seedSpecialDiseases(prisma);
  await seedDesignatedFacilities(prisma);
  await seedDemoUsers(prisma);
  await seedCalendars(prisma);
  await seedNoticeTemplates(prisma);
}
