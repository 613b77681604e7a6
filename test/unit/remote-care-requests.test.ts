/** The counter filing request (shared by the API and the workbench): an on-the-spot refusal must say why (000 §29). */
import { createFilingRequestSchema } from '../../domain/remote-care-requests';

const base = {
  filingNo: 'KP-RC-0001',
  type: 'long_term_residence',
  place: { province: '广西壮族自治区', city: '南宁市' },
  person: { name: '周五', idNumber: '440783197002023453' },
};

test('an on-the-spot refusal with a blank reason is refused with the article', () => {
  for (const reason of ['', '   ', '\n']) {
    const r = createFilingRequestSchema.safeParse({ ...base, counterRefusal: { reason, returnedMaterials: [] } });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['counterRefusal.reason', '当场不予备案须填写原因（000 §29）'],
    ]);
  }
});

test('a refusal with its reason, and a filing without a refusal, are accepted', () => {
  expect(
    createFilingRequestSchema.safeParse({ ...base, counterRefusal: { reason: '居住证已过期', returnedMaterials: ['residence_permit'] } })
      .success,
  ).toBe(true);
  expect(createFilingRequestSchema.safeParse(base).success).toBe(true);
});
