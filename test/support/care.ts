/** Fixtures for family-bed and geriatric-ward episodes. */
import type { Client } from '@temporalio/client';
import { personKeyOf } from '../../api/routes/care';
import type { FamilyBedApplication, GeriatricWardApplication } from '../../domain/care-episode';
import { episodeKey } from '../../domain/care-process';
import type { IsoDate } from '../../domain/dates';
import type { Actor } from '../../domain/people';
import { careEpisode, episodeOpenedUpdate } from '../../workflows/care-episode';
import { applicationNo } from './env';
import { randomIdNumber } from './id-number';

/** A fresh, valid ID number (GB 11643 check digit; born 1940–1959, so 60+), so people never collide. */
export function newIdNumber(): string {
  return randomIdNumber();
}

/** A family-bed application that meets every criterion of 000 §7 on `applicationDate`. */
export function eligibleFamilyBed(idNumber: string, applicationDate: IsoDate): FamilyBedApplication {
  const year = Number(applicationDate.slice(0, 4));
  return {
    person: { name: '李四', idNumber, insuredCounty: 'taishan' },
    condition: 'chronic_heart_failure',
    diagnosis: '慢性心力衰竭（心功能III级）',
    heartFailureGrade: 3,
    functionalImpairment: 'moderate',
    mobilityDifficulty: true,
    guardian: { name: '李小四', relation: '子', phone: '13800138000' },
    records: [
      { institutionName: '台山市人民医院', institutionLevel: 2, kind: 'inpatient', date: `${year - 1}${applicationDate.slice(4)}` },
    ],
    documents: { diagnosisCertificate: true, examinationReports: true },
    reopeningSameDisease: false,
  };
}

export function eligibleGeriatricWard(idNumber: string): GeriatricWardApplication {
  return {
    person: { name: '李四', idNumber, insuredCounty: 'taishan' },
    diagnosis: '脑梗死后遗症，长期鼻饲',
    meetsAdmissionCriteria: true,
    dependence: 'severe',
    qualifier: 'long_term_tube',
    records: [],
  };
}

export async function applyOnClient(
  client: Client,
  taskQueue: string,
  institution: Actor,
  application: { kind: 'family_bed'; data: FamilyBedApplication } | { kind: 'geriatric_ward'; data: GeriatricWardApplication },
  applicationDate: IsoDate,
  transferFrom?: string,
) {
  const appNo = applicationNo('FB');
  const personKey = personKeyOf(application.data.person.idNumber);
  const episodeId = episodeKey(application.kind, personKey, appNo);
  const handle = await client.workflow.start(careEpisode, {
    workflowId: episodeId,
    taskQueue,
    args: [
      {
        episodeId,
        applicationNo: appNo,
        personKey,
        application,
        applicationDate,
        jurisdiction: institution.jurisdiction,
        createdBy: institution,
        transferFrom,
      },
    ],
  });
  const opened = await handle.executeUpdate(episodeOpenedUpdate).catch((e) => {
    throw new Error(`opened failed: ${e.cause?.message ?? e}`);
  });
  return { handle, episodeId, opened };
}
