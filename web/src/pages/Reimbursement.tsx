/**
 * Manual reimbursement (零星报销, 000 §23–§25; 001 §13–§15): the agency's queue and one claim — its
 * expense lines with each refusal and its article, the decided amounts, the form's signatures — and
 * the action the user's role holds at the pending step: the reviewer's 审核 (payable amount per line
 * in yuan, a reason for every reduction) or 初审 (the assistance amount) and 复审, the approver's 核准
 * and 办结, finance's 拨付 of the decided amount (finance alone sees the account in full). Each
 * action is checked by claimActionRequestSchema before anything is sent.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { claimActionRequestSchema, stepRoles, type ClaimStep } from '../../../domain/reimbursement';
import { assessmentBase, hypotheticalBasicShare } from '../../../domain/reimbursement-rules';
import { fieldErrorView } from '../field-error';
import { api, type ClaimDetail, type ClaimView, type User } from '../api';
import { formatYuan, yuanToFen } from '../format';
import { type KeysetPage, Pager, useKeysetPages } from '../keyset-pages';
import { messageOf } from './History';
import { ReimbursementAcceptForm } from './ReimbursementAccept';

export const claimUrl = (id: string) => `#/reimbursement/${encodeURIComponent(id)}`;

type ClaimAction = ClaimStep | 'reject';

/** The actions the user may take now: the pending step when it is the user's role in the claim's agency, and 不予报销 before payment. */
export function allowedClaimActions(c: Pick<ClaimView, 'status' | 'pendingStep' | 'jurisdiction' | 'paidFen'>, user: User): ClaimAction[] {
  const step = c.pendingStep as ClaimStep | null;
  if (c.status !== 'open' || !step || c.jurisdiction !== user.jurisdiction || stepRoles[step] !== user.role) return [];
  return c.paidFen === null ? [step, 'reject'] : [step];
}

const actionLabels: Record<ClaimAction, string> = {
  accept: '窗口受理',
  review: '审核（逐项核定）',
  first_review: '初审（核定救助金额）',
  second_review: '复审',
  approve: '核准',
  disburse: '拨付',
  complete: '办结',
  reject: '不予报销',
};

export function ClaimActionForm({ claim, user, onDone }: { claim: ClaimView; user: User; onDone: (c: ClaimView) => void }) {
  const actions = allowedClaimActions(claim, user);
  const [action, setAction] = useState<ClaimAction | ''>(actions[0] ?? '');
  const open = claim.lines.filter((l) => !l.refusal);
  const [payable, setPayable] = useState<Record<number, string>>(() =>
    Object.fromEntries(open.map((l) => [l.lineNo, (l.amountFen / 100).toFixed(2)])),
  );
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [amount, setAmount] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  // 001 §15: the uninsured recipient's deduction, as if insured 24 months (the rates are the reviewer's inputs)
  const [share, setShare] = useState({ eligible: '', deductible: '', ratePercent: '', critical: '', source: '' });
  const [shareErrors, setShareErrors] = useState<Record<string, string>>({});
  const id = useId();
  const uninsured = claim.kind === 'assistance' && claim.assistance?.insuredStatus === 'uninsured';
  const shareInput = uninsured ? uninsuredShareOf(share) : null;
  const sharePreview = shareInput?.ok ? previewDeduction(claim.claimedFen, shareInput.value) : null;
  const { err, described } = fieldErrorView(id, shareErrors);

  if (!actions.length)
    return <p data-testid="no-actions">您当前没有可对该申请办理的操作（{claim.pendingStepName ?? claim.statusName}）。</p>;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const problems: string[] = [];
    let body: Record<string, unknown> = { action };
    if (action === 'review') {
      const lines = open.map((l) => {
        const fen = yuanToFen(payable[l.lineNo] ?? '');
        if (fen === undefined) problems.push(`第${l.lineNo}行：请填写核定金额（元）`);
        else if (fen < l.amountFen && !reasons[l.lineNo]?.trim()) problems.push(`第${l.lineNo}行：核减须说明原因`);
        return { lineNo: l.lineNo, payableFen: fen ?? 0, ...(reasons[l.lineNo]?.trim() ? { reason: reasons[l.lineNo]!.trim() } : {}) };
      });
      body = { action, lines };
    } else if (action === 'first_review') {
      const fen = yuanToFen(amount);
      if (fen === undefined) problems.push('请填写救助金额（元）');
      if (shareInput && !shareInput.ok) {
        setShareErrors(shareInput.errors);
        problems.push('请完整填写未参保核减（001 §15）');
      } else setShareErrors({});
      if (sharePreview && 'error' in sharePreview) problems.push(sharePreview.error);
      else if (sharePreview && fen !== undefined && fen > sharePreview.baseFen)
        problems.push(`救助金额超过可救助的个人负担部分 ${formatYuan(sharePreview.baseFen)}（001 §15）`);
      body = {
        action,
        assistanceFen: fen ?? 0,
        ...(shareInput?.ok ? { uninsuredShare: shareInput.value } : {}),
        ...(text.trim() ? { note: text.trim() } : {}),
      };
    } else if (action === 'reject') {
      if (!text.trim()) problems.push('请填写不予报销的原因');
      body = { action, reason: text.trim() };
    } else if (text.trim()) body = { action, note: text.trim() };
    const parsed = claimActionRequestSchema.safeParse(body);
    if (problems.length || !parsed.success) {
      setErrors(problems.length ? problems : ['办理内容不完整']);
      return;
    }
    setErrors([]);
    try {
      onDone(await api.actOnClaim(claim.id, parsed.data));
    } catch (err) {
      setRefusal(messageOf(err));
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="action-form">
      <h2 id={`${id}-title`}>办理</h2>
      <fieldset>
        <legend>操作</legend>
        {actions.map((a) => (
          <label key={a} className="radio">
            <input type="radio" name="claim-action" value={a} checked={action === a} onChange={() => setAction(a)} />
            {actionLabels[a]}
          </label>
        ))}
      </fieldset>
      {action === 'review' &&
        open.map((l) => (
          <div className="field" key={l.lineNo}>
            <label htmlFor={`${id}-pay-${l.lineNo}`}>
              第{l.lineNo}行核定金额（元，申请 {formatYuan(l.amountFen)}）
            </label>
            <input
              id={`${id}-pay-${l.lineNo}`}
              inputMode="decimal"
              value={payable[l.lineNo] ?? ''}
              onChange={(e) => setPayable({ ...payable, [l.lineNo]: e.target.value })}
            />
            <label htmlFor={`${id}-why-${l.lineNo}`}>第{l.lineNo}行核减原因</label>
            <input
              id={`${id}-why-${l.lineNo}`}
              value={reasons[l.lineNo] ?? ''}
              onChange={(e) => setReasons({ ...reasons, [l.lineNo]: e.target.value })}
            />
          </div>
        ))}
      {action === 'first_review' && uninsured && (
        <fieldset>
          <legend>未参保核减（001 §15：按连续参保满24个月的待遇核算的基金支付部分不纳入救助）</legend>
          {(
            [
              ['eligible', '政策范围内费用（元）', 'decimal'],
              ['deductible', '起付标准（元）', 'decimal'],
              ['ratePercent', '基本医保支付比例（%）', 'decimal'],
              ['critical', '大病保险支付部分（元，可选）', 'decimal'],
              ['source', '起付标准和比例的依据', 'text'],
            ] as const
          ).map(([k, label, mode]) => (
            <div className="field" key={k}>
              <label htmlFor={`${id}-share-${k}`}>{label}</label>
              <input
                id={`${id}-share-${k}`}
                inputMode={mode}
                value={share[k]}
                onChange={(e) => setShare({ ...share, [k]: e.target.value })}
                {...described(k)}
              />
              {err(k)}
            </div>
          ))}
          {sharePreview && !('error' in sharePreview) && (
            <p data-testid="uninsured-deduction">
              政策范围外费用 {formatYuan(sharePreview.outsideScopeFen)}；按参保24个月核算基本医保支付 {formatYuan(sharePreview.basicFen)}
              {sharePreview.criticalFen ? `、大病保险支付 ${formatYuan(sharePreview.criticalFen)}` : ''}，共核减{' '}
              {formatYuan(sharePreview.deductedFen)}；可救助的个人负担部分 {formatYuan(sharePreview.baseFen)}
            </p>
          )}
        </fieldset>
      )}
      {action === 'first_review' && (
        <div className="field">
          <label htmlFor={`${id}-amount`}>救助金额（元）</label>
          <input id={`${id}-amount`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </div>
      )}
      {action === 'disburse' && (
        <p data-testid="disburse-amount">
          拨付核定金额：
          {formatYuan(claim.kind === 'assistance' ? ((claim.assistance?.assistanceFen as number | null) ?? 0) : claim.decidedFen)}
        </p>
      )}
      {action !== 'review' && (
        <div className="field">
          <label htmlFor={`${id}-text`}>{action === 'reject' ? '不予报销原因（必填）' : '意见（可选）'}</label>
          <textarea id={`${id}-text`} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      )}
      {errors.map((m) => (
        <p key={m} className="field-error" role="alert">
          {m}
        </p>
      ))}
      {refusal && (
        <p className="refusal" role="alert" data-testid="claim-refusal">
          {refusal}
        </p>
      )}
      <button type="submit">提交</button>
    </form>
  );
}

/** The assessment fixed at 初审 (001 §13, §15), as the claim's assistance facts hold it. */
const assessmentOf = (c: ClaimView) => (c.assistance?.assessment ?? null) as { explanation: string; baseFen: number } | null;

/**
 * A line's decided amount: 审核's payable amount on a basic claim; an assistance claim decides one
 * amount at 初审 (附件1), so its lines show what basic insurance paid on them (001 §13).
 */
function lineDecision(c: ClaimView, l: ClaimView['lines'][number]): string {
  if (l.refusal) return '不予报销';
  if (c.kind === 'assistance') return l.basicPaidFen === undefined ? '—' : `基本医保已付 ${formatYuan(l.basicPaidFen)}`;
  return l.payableFen === null ? '待审核' : formatYuan(l.payableFen);
}

type ShareDraft = { eligible: string; deductible: string; ratePercent: string; critical: string; source: string };
type UninsuredShare = { eligibleFen: number; deductibleFen: number; rateBp: number; criticalIllnessFen?: number; source: string };

/** The 初审 form's 001 §15 inputs as the command's uninsuredShare (yuan → fen, percent → basis points), or each field's refusal. */
export function uninsuredShareOf(d: ShareDraft): { ok: true; value: UninsuredShare } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const eligibleFen = yuanToFen(d.eligible);
  const deductibleFen = yuanToFen(d.deductible);
  // a percentage with up to two decimals is an integer of basis points, read exactly like yuan to fen
  const rateBp = yuanToFen(d.ratePercent);
  const criticalIllnessFen = d.critical.trim() ? yuanToFen(d.critical) : undefined;
  if (eligibleFen === undefined) errors.eligible = '请填写政策范围内费用（元）';
  if (deductibleFen === undefined) errors.deductible = '请填写起付标准（元）';
  if (rateBp === undefined || rateBp > 10_000) errors.ratePercent = '请填写0至100之间的支付比例（%，最多两位小数）';
  if (d.critical.trim() && criticalIllnessFen === undefined) errors.critical = '大病保险支付部分应为金额（元）';
  if (!d.source.trim()) errors.source = '请注明起付标准和比例的依据（政策文件）';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      eligibleFen: eligibleFen!,
      deductibleFen: deductibleFen!,
      rateBp: rateBp!,
      ...(criticalIllnessFen !== undefined ? { criticalIllnessFen } : {}),
      source: d.source.trim(),
    },
  };
}

/** What 001 §15 deducts, as the domain computes it at 初审 (assessmentBase), for the reviewer to see before signing. */
type DeductionPreview =
  | { basicFen: number; criticalFen: number; deductedFen: number; baseFen: number; outsideScopeFen: number }
  | { error: string };
function previewDeduction(claimedFen: number, share: UninsuredShare): DeductionPreview {
  try {
    const base = assessmentBase({ status: 'uninsured', claimedFen, share });
    const basicFen = hypotheticalBasicShare(share);
    return {
      basicFen,
      criticalFen: share.criticalIllnessFen ?? 0,
      deductedFen: base.basicShareFen,
      baseFen: base.baseFen,
      outsideScopeFen: Math.max(0, claimedFen - share.eligibleFen),
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export function ReimbursementPage({ id, user }: { id: string; user: User }) {
  const [claim, setClaim] = useState<ClaimDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(() => {
    api.getClaim(id).then(setClaim, (e) => setError(messageOf(e)));
  }, [id]);
  useEffect(load, [load]);
  if (error) return <p role="alert">{error}</p>;
  if (!claim) return <p>正在读取…</p>;
  return (
    <section aria-labelledby="claim-title">
      <h1 id="claim-title">
        {claim.kindName} {claim.claimNo}
      </h1>
      <p data-testid="claim-status">
        {claim.statusName}
        {claim.pendingStepName ? `，待${claim.pendingStepName}` : ''}；{claim.person.name}（{claim.person.idNumber}）；受理{' '}
        {claim.acceptedOn}，时限 {claim.dueDate ?? '—'}
        {claim.breached ? '（已超期）' : ''}
      </p>
      <p data-testid="claim-account">
        {claim.account.kind === 'bank_card' ? '银行卡' : '社保卡'} {claim.account.number}（{claim.account.bank}，{claim.account.holder}）
      </p>
      {claim.admission && (
        <p data-testid="claim-admission">
          住院 {claim.admission.admittedOn} 至 {claim.admission.dischargedOn}（{claim.admission.institutionCode}）
          {claim.admission.injury ? '，意外伤害' : ''}；住院核查（000 §4–§5）：
          {claim.verification
            ? `${claim.verification.statusName}（${claim.verification.id}，${claim.verification.verifiedBy} ${claim.verification.verifiedOn}）` +
              (claim.verification.injury ? `，意外受伤就诊登记表 ${claim.verification.registrationFormNo ?? '未登记'}` : '') +
              (claim.verification.paymentLocked ? '，暂停支付' : '')
            : claim.admission.injury
              ? '无核查记录，意外伤害住院未经核查登记不能拨付'
              : '无核查记录'}
        </p>
      )}
      <table>
        <caption>费用明细</caption>
        <thead>
          <tr>
            <th>行</th>
            <th>日期</th>
            <th>医疗机构</th>
            <th>发票号</th>
            <th>申请金额</th>
            <th>核定金额</th>
            <th>说明</th>
          </tr>
        </thead>
        <tbody>
          {claim.lines.map((l) => (
            <tr key={l.lineNo} data-testid={`line-${l.lineNo}`}>
              <td>{l.lineNo}</td>
              <td>{l.serviceDate}</td>
              <td>{l.institutionName}</td>
              <td>{l.invoiceNo}</td>
              <td>{formatYuan(l.amountFen)}</td>
              <td>{lineDecision(claim, l)}</td>
              <td>{l.refusal ? `${l.refusal.message}（${l.refusal.article}）` : (l.reductionReason ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {claim.kind === 'assistance' && (
        <p data-testid="assistance-amount">
          本次予以医疗救助：{formatYuan((claim.assistance?.assistanceFen as number | null) ?? null)}
          {assessmentOf(claim)
            ? `（${assessmentOf(claim)!.explanation}；可救助的个人负担部分 ${formatYuan(assessmentOf(claim)!.baseFen)}）`
            : ''}
        </p>
      )}
      <ol aria-label="签名">
        {claim.signatures.map((s) => (
          <li key={`${s.step}-${s.at}`}>
            {s.stepName}：{s.username}，{s.on}
          </li>
        ))}
      </ol>
      {done && (
        <p role="status" data-testid="claim-done">
          {done}
        </p>
      )}
      <ClaimActionForm
        key={claim.version}
        claim={claim}
        user={user}
        onDone={(c) => {
          setDone(`已办理：${c.statusName}${c.pendingStepName ? `，待${c.pendingStepName}` : ''}`);
          load();
        }}
      />
    </section>
  );
}

/** The agency's open claims, oldest limit first; those waiting on the user's role are marked. */
export function ReimbursementQueue({ user, onCreated }: { user: User; onCreated?: (id: string, created: boolean) => void }) {
  // the server's keyset pages of 50, earliest deadline first, with the total (issue 18)
  const pages = useKeysetPages<ClaimView>((cursor) => api.listClaims({ status: 'open', pageSize: 50, cursor }), 'open');
  const { page, error } = pages;
  // The heading and the counter's form do not wait for the queue: a clerk can accept a claim while
  // the list is still loading or could not be read.
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">零星报销</h1>
      {user.role === 'window_clerk' && <ReimbursementAcceptForm onCreated={onCreated ?? ((id) => (location.hash = claimUrl(id)))} />}
      {error ? <p role="alert">{error}</p> : !page ? <p>正在读取…</p> : <QueueList page={page} pages={pages} user={user} />}
    </section>
  );
}

function QueueList({
  page,
  pages,
  user,
}: {
  page: KeysetPage<ClaimView>;
  pages: ReturnType<typeof useKeysetPages<ClaimView>>;
  user: User;
}) {
  const items = page.items;
  return (
    <>
      {items.length === 0 ? (
        <p>没有办理中的报销申请。</p>
      ) : (
        <p className="count">
          共 {page.total} 件办理中{page.total > items.length ? `，本页 ${items.length} 件（时限最早的在前）` : ''}
        </p>
      )}
      {items.length > 0 && (
        <ul>
          {items.map((c) => (
            <li key={c.id} data-testid="claim-item">
              <a href={claimUrl(c.id)}>
                {c.kindName} {c.claimNo} {c.person.name}
              </a>{' '}
              待{c.pendingStepName}，时限 {c.dueDate}
              {allowedClaimActions(c, user).length ? '（待我办理）' : ''}
            </li>
          ))}
        </ul>
      )}
      <Pager pageNo={pages.pageNo} page={page} onPrevious={pages.previous} onNext={pages.next} unit="件" />
    </>
  );
}
