/**
 * The window clerk's acceptance of a manual reimbursement claim (零星报销 窗口受理, 000 §23–§25; 004
 * items 27, 28, 35; 001 §13–§14, 附件1): the claim's kind, the person, the invoices (amounts typed in
 * yuan, sent in fen), the admission of an inpatient claim, the account, for assistance the 附件1 facts,
 * and the materials checklist of 004 for that kind (domain/reimbursement-materials.ts, the list the
 * API checks too). The body is judged by createClaimRequestSchema before anything is sent; each
 * refusal stands under its field.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { claimKindNames, claimKinds, type ClaimKind } from '../../../domain/reimbursement';
import { claimMaterials, missingClaimMaterials, missingMaterialsMessage } from '../../../domain/reimbursement-materials';
import { createClaimRequestSchema } from '../../../domain/reimbursement-requests';
import {
  childDiagnoses,
  childDiagnosisNames,
  expenseCategories,
  expenseCategoryNames,
  insuredStatuses,
  outpatientGroundNames,
  outpatientGrounds,
  recipientCategories,
  recipientCategoryNames,
  type ExpenseCategory,
  type OutpatientGround,
} from '../../../domain/reimbursement-rules';
import { api, ApiError } from '../api';
import { fieldErrorView } from '../field-error';
import { fieldErrors } from '../form-errors';
import { formatYuan, yuanToFen } from '../format';
import { DateInput } from './DateInput';
import { messageOf } from './History';

interface LineDraft {
  category: ExpenseCategory | '';
  serviceDate: string;
  institutionCode: string;
  institutionName: string;
  invoiceNo: string;
  amountYuan: string;
  ground: OutpatientGround | '';
  filingNo: string;
  evidence: string;
  outageFrom: string;
  outageTo: string;
  outageReference: string;
  /** 000 §23 先行支付: costs a third party should bear, paid first by the fund (附件6) */
  thirdParty: boolean;
  establishedOn: string;
  thirdPartyBasis: 'third_party_not_paying' | 'third_party_unknown';
  advancePaymentFormNo: string;
}
const emptyLine = (): LineDraft => ({
  category: '',
  serviceDate: '',
  institutionCode: '',
  institutionName: '',
  invoiceNo: '',
  amountYuan: '',
  ground: '',
  filingNo: '',
  evidence: '',
  outageFrom: '',
  outageTo: '',
  outageReference: '',
  thirdParty: false,
  establishedOn: '',
  thirdPartyBasis: 'third_party_not_paying',
  advancePaymentFormNo: '',
});

const insuredStatusNames: Record<(typeof insuredStatuses)[number], string> = {
  insured_here: '本地参保（先办理基本医保零星报销，001 §13）',
  insured_elsewhere: '异地参保（凭参保地结算单）',
  uninsured: '未参保（001 §15 初审时核减）',
};

const messages: Record<string, string> = {
  claimNo: '请填写申请编号（字母、数字和连字符）',
  kind: '请选择报销类别',
  'person.name': '请填写参保人姓名',
  'person.idNumber': '请填写正确的18位身份证号码',
  'account.number': '账号应为8至30位数字',
  'account.bank': '请填写开户银行',
  'account.holder': '请填写账户户名',
  'admission.admittedOn': '请填写入院日期（YYYY-MM-DD）',
  'admission.dischargedOn': '请填写出院日期（YYYY-MM-DD）',
  'admission.institutionCode': '请填写住院医疗机构编码',
  'assistance.recipientCategory': '请选择救助对象类别',
  'assistance.insuredStatus': '请选择参保情况',
  'assistance.basicClaimId': '请填写已拨付的基本医保报销申请号',
};

/** Field keys as the form shows them: a line's fields as lines.N.field, the rest by their path. */
const keyOf = (path: PropertyKey[]) => path.map(String).join('.');

export function ReimbursementAcceptForm({ onCreated }: { onCreated: (id: string, created: boolean) => void }) {
  const [kind, setKind] = useState<ClaimKind | ''>('');
  const [claimNo, setClaimNo] = useState('');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [lines, setLines] = useState<LineDraft[]>([emptyLine()]);
  const [admittedOn, setAdmittedOn] = useState('');
  const [dischargedOn, setDischargedOn] = useState('');
  const [admissionInstitution, setAdmissionInstitution] = useState('');
  const [injury, setInjury] = useState(false);
  const [verificationId, setVerificationId] = useState('');
  const [accountKind, setAccountKind] = useState<'bank_card' | 'social_security_card'>('bank_card');
  const [accountNumber, setAccountNumber] = useState('');
  const [bank, setBank] = useState('');
  const [holder, setHolder] = useState('');
  const [recipientCategory, setRecipientCategory] = useState('');
  const [insuredStatus, setInsuredStatus] = useState('');
  const [basicClaimId, setBasicClaimId] = useState('');
  const [settlementNo, setSettlementNo] = useState('');
  const [settlementPaid, setSettlementPaid] = useState('');
  const [childDiagnosis, setChildDiagnosis] = useState('');
  const [otherCategoryText, setOtherCategoryText] = useState('');
  const [identityFrom, setIdentityFrom] = useState('');
  const [identityEvidence, setIdentityEvidence] = useState('');
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const assistance = kind === 'assistance';
  const onBasicClaim = assistance && insuredStatus === 'insured_here';
  const withLines = kind !== '' && !onBasicClaim;
  const inpatient = kind === 'basic_inpatient';
  const materialFacts = {
    kind: (kind || 'basic_outpatient') as ClaimKind,
    injury: inpatient && injury,
    thirdParty: withLines && kind !== 'assistance' && lines.some((l) => l.thirdParty),
    child: recipientCategory === 'child_leukaemia_chd',
    onBasicClaim,
  };
  const checklist = kind ? claimMaterials(materialFacts) : [];
  const claimedFen = withLines ? lines.reduce((t, l) => t + (yuanToFen(l.amountYuan) ?? 0), 0) : 0;
  const setLine = (i: number, patch: Partial<LineDraft>) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  function lineBody(l: LineDraft, i: number) {
    const category = kind === 'basic_inpatient' ? 'inpatient' : l.category || undefined;
    const ground =
      category !== 'general_outpatient' || !l.ground
        ? undefined
        : l.ground === 'platform_outage'
          ? { ground: l.ground, outage: { from: l.outageFrom, to: l.outageTo, reference: l.outageReference } }
          : { ground: l.ground, filingNo: l.filingNo.trim(), evidence: l.evidence };
    return {
      lineNo: i + 1,
      category,
      serviceDate: l.serviceDate,
      institutionCode: l.institutionCode.trim(),
      institutionName: l.institutionName,
      invoiceNo: l.invoiceNo.trim(),
      amountFen: yuanToFen(l.amountYuan),
      ...(ground ? { outpatientGround: ground } : {}),
      ...(l.thirdParty && kind !== 'assistance'
        ? {
            thirdParty: {
              establishedOn: l.establishedOn,
              basis: l.thirdPartyBasis,
              advancePaymentFormNo: l.advancePaymentFormNo.trim(),
            },
          }
        : {}),
    };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const documents = [...checked].filter((d) => checklist.some((l) => l.anyOf.includes(d)));
    const body = {
      claimNo: claimNo.trim(),
      kind: kind || undefined,
      person: { name, idNumber: idNumber.trim().toUpperCase() },
      lines: withLines ? lines.map(lineBody) : [],
      account: { kind: accountKind, number: accountNumber.trim(), bank, holder },
      documents,
      ...(inpatient
        ? {
            admission: {
              admittedOn,
              dischargedOn,
              institutionCode: admissionInstitution.trim(),
              injury,
              ...(verificationId.trim() ? { verificationId: verificationId.trim() } : {}),
            },
          }
        : {}),
      ...(assistance
        ? {
            assistance: {
              recipientCategory: recipientCategory || undefined,
              ...(recipientCategory === 'other' ? { otherCategoryText } : {}),
              ...(recipientCategory === 'child_leukaemia_chd' ? { childDiagnosis: childDiagnosis || undefined } : {}),
              insuredStatus: insuredStatus || undefined,
              ...(onBasicClaim ? { basicClaimId: basicClaimId.trim() || undefined } : {}),
              ...(insuredStatus === 'insured_elsewhere'
                ? { insuredPlaceSettlement: { documentNo: settlementNo, paidFen: yuanToFen(settlementPaid) } }
                : {}),
              identities:
                recipientCategory && recipientCategory !== 'child_leukaemia_chd' && identityFrom
                  ? [{ category: recipientCategory, from: identityFrom, to: null, evidence: identityEvidence }]
                  : [],
            },
          }
        : {}),
    };
    const parsed = createClaimRequestSchema.safeParse(body);
    const extra: Record<string, string> = {};
    if (withLines)
      lines.forEach((l, i) => {
        if (yuanToFen(l.amountYuan) === undefined) extra[`lines.${i}.amountFen`] = '请填写金额（元，最多两位小数）';
        else if (yuanToFen(l.amountYuan) === 0) extra[`lines.${i}.amountFen`] = '金额须大于0';
      });
    if (insuredStatus === 'insured_elsewhere' && yuanToFen(settlementPaid) === undefined)
      extra['assistance.insuredPlaceSettlement.paidFen'] = '请填写参保地已支付金额（元）';
    if (kind) {
      const missing = missingClaimMaterials(materialFacts, documents);
      if (missing.length) extra.documents = missingMaterialsMessage(missing);
    }
    if (!parsed.success || Object.keys(extra).length) {
      setErrors({
        ...(parsed.success ? {} : (fieldErrors(parsed.error.issues, { key: keyOf, messages }) as Record<string, string>)),
        ...extra,
      });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const res = await api.createClaim(parsed.data);
      onCreated(res.claim.id, res.created);
    } catch (err) {
      setRefusal(messageOf(err));
      const field = err instanceof ApiError ? err.facts.field : undefined;
      if (typeof field === 'string') setErrors({ [field]: messageOf(err) });
    } finally {
      setBusy(false);
    }
  }

  const { err, described } = fieldErrorView(id, errors);
  const text = (k: string, label: string, value: string, set: (v: string) => void, extra: object = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <input id={`${id}-${k}`} value={value} onChange={(e) => set(e.target.value)} {...described(k)} {...extra} />
      {err(k)}
    </div>
  );
  const date = (k: string, label: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <DateInput id={`${id}-${k}`} value={value} onChange={set} {...described(k)} />
      {err(k)}
    </div>
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="零星报销窗口受理" className="narrow">
      <h2>窗口受理</h2>
      <div className="field">
        <label htmlFor={`${id}-kind`}>报销类别</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as ClaimKind | '');
            setChecked(new Set());
          }}
          {...described('kind')}
        >
          <option value="">请选择</option>
          {claimKinds.map((k) => (
            <option key={k} value={k}>
              {claimKindNames[k]}
            </option>
          ))}
        </select>
        {err('kind')}
      </div>
      {text('claimNo', '申请编号', claimNo, setClaimNo, { autoComplete: 'off' })}
      {text('person.name', '参保人姓名', name, setName)}
      {text('person.idNumber', '身份证号码', idNumber, setIdNumber, { maxLength: 18, autoComplete: 'off' })}

      {assistance && (
        <fieldset>
          <legend>救助信息（001 附件1）</legend>
          <div className="field">
            <label htmlFor={`${id}-assistance.recipientCategory`}>救助对象类别</label>
            <select
              id={`${id}-assistance.recipientCategory`}
              value={recipientCategory}
              onChange={(e) => setRecipientCategory(e.target.value)}
              {...described('assistance.recipientCategory')}
            >
              <option value="">请选择</option>
              {recipientCategories.map((c) => (
                <option key={c} value={c}>
                  {recipientCategoryNames[c]}
                </option>
              ))}
            </select>
            {err('assistance.recipientCategory')}
          </div>
          {recipientCategory === 'other' && text('assistance.otherCategoryText', '其他类别说明', otherCategoryText, setOtherCategoryText)}
          {recipientCategory === 'child_leukaemia_chd' && (
            <div className="field">
              <label htmlFor={`${id}-assistance.childDiagnosis`}>治疗病种（001 §14）</label>
              <select
                id={`${id}-assistance.childDiagnosis`}
                value={childDiagnosis}
                onChange={(e) => setChildDiagnosis(e.target.value)}
                {...described('assistance.childDiagnosis')}
              >
                <option value="">请选择</option>
                {childDiagnoses.map((d) => (
                  <option key={d} value={d}>
                    {childDiagnosisNames[d]}
                  </option>
                ))}
              </select>
              {err('assistance.childDiagnosis')}
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-assistance.insuredStatus`}>参保情况</label>
            <select
              id={`${id}-assistance.insuredStatus`}
              value={insuredStatus}
              onChange={(e) => setInsuredStatus(e.target.value)}
              {...described('assistance.insuredStatus')}
            >
              <option value="">请选择</option>
              {insuredStatuses.map((s) => (
                <option key={s} value={s}>
                  {insuredStatusNames[s]}
                </option>
              ))}
            </select>
            {err('assistance.insuredStatus')}
          </div>
          {onBasicClaim && text('assistance.basicClaimId', '已拨付的基本医保报销申请号', basicClaimId, setBasicClaimId)}
          {insuredStatus === 'insured_elsewhere' && (
            <>
              {text('assistance.insuredPlaceSettlement.documentNo', '参保地结算单号', settlementNo, setSettlementNo)}
              {text('assistance.insuredPlaceSettlement.paidFen', '参保地已支付金额（元）', settlementPaid, setSettlementPaid, {
                inputMode: 'decimal',
              })}
            </>
          )}
          {recipientCategory && recipientCategory !== 'child_leukaemia_chd' && (
            <>
              {date('assistance.identities.0.from', '身份认定日期（救助对象登记簿无记录时填写）', identityFrom, setIdentityFrom)}
              {text('assistance.identities.0.evidence', '身份证明材料', identityEvidence, setIdentityEvidence)}
            </>
          )}
        </fieldset>
      )}

      {inpatient && (
        <fieldset>
          <legend>住院信息</legend>
          {date('admission.admittedOn', '入院日期', admittedOn, setAdmittedOn)}
          {date('admission.dischargedOn', '出院日期', dischargedOn, setDischargedOn)}
          {text('admission.institutionCode', '住院医疗机构编码', admissionInstitution, setAdmissionInstitution)}
          <label className="checkbox">
            <input type="checkbox" checked={injury} onChange={(e) => setInjury(e.target.checked)} />
            意外伤害住院（000 §4：须有住院核查记录及意外受伤就诊登记表方可拨付）
          </label>
          {text('admission.verificationId', '住院核查记录编号（可选）', verificationId, setVerificationId)}
        </fieldset>
      )}

      {withLines && (
        <fieldset>
          <legend>发票（申请合计 {formatYuan(claimedFen)}）</legend>
          {lines.map((l, i) => (
            <fieldset key={i} aria-label={`第${i + 1}张发票`}>
              <legend>第{i + 1}张发票</legend>
              {kind !== 'basic_inpatient' && (
                <div className="field">
                  <label htmlFor={`${id}-lines.${i}.category`}>第{i + 1}张费用类别</label>
                  <select
                    id={`${id}-lines.${i}.category`}
                    value={l.category}
                    onChange={(e) => setLine(i, { category: e.target.value as ExpenseCategory | '' })}
                    {...described(`lines.${i}.category`)}
                  >
                    <option value="">请选择</option>
                    {expenseCategories
                      .filter((c) => kind === 'assistance' || c !== 'inpatient')
                      .map((c) => (
                        <option key={c} value={c}>
                          {expenseCategoryNames[c]}
                        </option>
                      ))}
                  </select>
                  {err(`lines.${i}.category`)}
                </div>
              )}
              {date(
                `lines.${i}.serviceDate`,
                `第${i + 1}张${kind === 'basic_inpatient' || l.category === 'inpatient' ? '出院' : '就诊'}日期`,
                l.serviceDate,
                (v) => setLine(i, { serviceDate: v }),
              )}
              {text(`lines.${i}.institutionCode`, `第${i + 1}张医疗机构编码`, l.institutionCode, (v) => setLine(i, { institutionCode: v }))}
              {text(`lines.${i}.institutionName`, `第${i + 1}张医疗机构名称`, l.institutionName, (v) => setLine(i, { institutionName: v }))}
              {text(`lines.${i}.invoiceNo`, `第${i + 1}张发票号码`, l.invoiceNo, (v) => setLine(i, { invoiceNo: v }))}
              {text(`lines.${i}.amountFen`, `第${i + 1}张金额（元）`, l.amountYuan, (v) => setLine(i, { amountYuan: v }), {
                inputMode: 'decimal',
              })}
              {l.category === 'general_outpatient' && kind !== 'basic_inpatient' && (
                <div className="field">
                  <label htmlFor={`${id}-lines.${i}.outpatientGround`}>第{i + 1}张普通门诊零星报销情形（000 §24）</label>
                  <select
                    id={`${id}-lines.${i}.outpatientGround`}
                    value={l.ground}
                    onChange={(e) => setLine(i, { ground: e.target.value as OutpatientGround | '' })}
                  >
                    <option value="">请选择</option>
                    {outpatientGrounds.map((g) => (
                      <option key={g} value={g}>
                        {outpatientGroundNames[g]}
                      </option>
                    ))}
                  </select>
                  {l.ground && l.ground !== 'platform_outage' && (
                    <>
                      {text(`lines.${i}.outpatientGround.filingNo`, `第${i + 1}张异地就医备案编号`, l.filingNo, (v) =>
                        setLine(i, { filingNo: v }),
                      )}
                      {text(`lines.${i}.outpatientGround.evidence`, `第${i + 1}张备案证明`, l.evidence, (v) => setLine(i, { evidence: v }))}
                    </>
                  )}
                  {l.ground === 'platform_outage' && (
                    <>
                      {date(`lines.${i}.outpatientGround.outage.from`, `第${i + 1}张平台故障起日`, l.outageFrom, (v) =>
                        setLine(i, { outageFrom: v }),
                      )}
                      {date(`lines.${i}.outpatientGround.outage.to`, `第${i + 1}张平台故障止日`, l.outageTo, (v) =>
                        setLine(i, { outageTo: v }),
                      )}
                      {text(`lines.${i}.outpatientGround.outage.reference`, `第${i + 1}张故障记录`, l.outageReference, (v) =>
                        setLine(i, { outageReference: v }),
                      )}
                    </>
                  )}
                </div>
              )}
              {kind !== 'assistance' && (
                <label className="checkbox">
                  <input type="checkbox" checked={l.thirdParty} onChange={(e) => setLine(i, { thirdParty: e.target.checked })} />第{i + 1}
                  张为应由第三人负担、申请基金先行支付的费用（000 §23、§25）
                </label>
              )}
              {l.thirdParty && kind !== 'assistance' && (
                <>
                  {date(`lines.${i}.thirdParty.establishedOn`, `第${i + 1}张确定第三人不支付或无法确定第三人之日`, l.establishedOn, (v) =>
                    setLine(i, { establishedOn: v }),
                  )}
                  <div className="field">
                    <label htmlFor={`${id}-lines.${i}.thirdParty.basis`}>第{i + 1}张先行支付情形</label>
                    <select
                      id={`${id}-lines.${i}.thirdParty.basis`}
                      value={l.thirdPartyBasis}
                      onChange={(e) => setLine(i, { thirdPartyBasis: e.target.value as LineDraft['thirdPartyBasis'] })}
                    >
                      <option value="third_party_not_paying">第三人不支付</option>
                      <option value="third_party_unknown">无法确定第三人</option>
                    </select>
                  </div>
                  {text(
                    `lines.${i}.thirdParty.advancePaymentFormNo`,
                    `第${i + 1}张先行支付申请表（附件6）编号`,
                    l.advancePaymentFormNo,
                    (v) => setLine(i, { advancePaymentFormNo: v }),
                  )}
                </>
              )}
              {lines.length > 1 && (
                <button type="button" onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>
                  删除第{i + 1}张
                </button>
              )}
            </fieldset>
          ))}
          <button type="button" onClick={() => setLines((ls) => [...ls, emptyLine()])}>
            增加发票
          </button>
          {err('lines')}
        </fieldset>
      )}

      <fieldset>
        <legend>收款账户</legend>
        <label className="radio">
          <input type="radio" name={`${id}-account`} checked={accountKind === 'bank_card'} onChange={() => setAccountKind('bank_card')} />
          银行卡
        </label>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-account`}
            checked={accountKind === 'social_security_card'}
            onChange={() => setAccountKind('social_security_card')}
          />
          社保卡
        </label>
        {text('account.number', '账号', accountNumber, setAccountNumber, { inputMode: 'numeric', autoComplete: 'off' })}
        {text('account.bank', '开户银行', bank, setBank)}
        {text('account.holder', '户名', holder, setHolder)}
      </fieldset>

      {kind && (
        <fieldset aria-describedby={errors.documents ? `${id}-documents-err` : undefined}>
          <legend>申请材料（004 办理材料）</legend>
          <ul className="plain" aria-label="材料清单">
            {checklist.map((l) => (
              <li key={l.key}>
                {l.anyOf.map((m) => (
                  <label key={m} className="checkbox">
                    <input
                      type="checkbox"
                      checked={checked.has(m)}
                      onChange={(e) =>
                        setChecked((c) => {
                          const n = new Set(c);
                          if (e.target.checked) n.add(m);
                          else n.delete(m);
                          return n;
                        })
                      }
                    />
                    {m}
                  </label>
                ))}
                {l.anyOf.length > 1 && <span className="small">（任选其一）</span>}
                <span className="small">（{l.article}）</span>
              </li>
            ))}
          </ul>
          {err('documents')}
        </fieldset>
      )}
      {refusal && (
        <p role="alert" className="error" data-testid="accept-refusal">
          未受理：{refusal}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? '提交中…' : '受理'}
      </button>
    </form>
  );
}
