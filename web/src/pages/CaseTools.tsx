/**
 * What the workbench adds to a case page beside its workflow (issue 18): who holds its task (claim,
 * release, a supervisor's reassignment), comments, the printed counter forms (PDF from the server)
 * and the attachments with the item's materials checklist. Each talks to the API; the page's
 * history shows what was done.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, fetchFile, uploadAttachment, type AttachmentView, type TaskClaimView, type User } from '../api';
import { formatInstant } from '../format';

const forms = [
  ['acceptance-notice', '受理通知书'],
  ['refusal-notice', '不予受理告知书'],
  ['correction-notice', '一次性告知书'],
  ['completion-notice', '办结通知书'],
] as const;

/** Hands a Blob to the browser as a download (the API sends files only with a token, so no plain link). */
function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function CaseTools({ id, itemCode, user, onChange }: { id: string; itemCode: string; user: User; onChange: () => void }) {
  const [claim, setClaim] = useState<TaskClaimView | null>(null);
  const [attachments, setAttachments] = useState<AttachmentView[]>([]);
  const [materials, setMaterials] = useState<string[]>([]);
  const [material, setMaterial] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [comment, setComment] = useState('');
  const [assignee, setAssignee] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // the result of an action gets the focus, so a screen reader says it and the keyboard is there
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const refresh = useCallback(() => {
    api
      .getTask(id)
      .then(setClaim)
      .catch(() => setClaim(null)); // no task waits (closed, or nothing pending)
    api
      .listAttachments(id)
      .then(setAttachments)
      .catch(() => setAttachments([]));
  }, [id]);
  useEffect(() => {
    refresh();
    api
      .catalogue()
      .then((items) => setMaterials(items.find((i) => i.code === itemCode)?.materials ?? []))
      .catch(() => setMaterials([]));
  }, [refresh, itemCode]);

  async function run(what: string, action: () => Promise<unknown>) {
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(what);
      refresh();
      onChange();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  const received = new Set(attachments.map((a) => a.material).filter(Boolean));
  return (
    <section aria-labelledby="tools-title" className="case-tools">
      <h2 id="tools-title">办理人、意见、文书与附件</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="ok" tabIndex={-1} ref={doneRef}>
          {done}
        </p>
      )}

      {claim && (
        <div className="field-row">
          <span data-testid="assignee">办理人：{claim.assigneeName ?? claim.assignee ?? '未认领'}</span>{' '}
          {!claim.assignee && user.role !== 'supervisor' && (
            <button type="button" onClick={() => void run('已认领', () => api.claimTask(id))}>
              认领
            </button>
          )}
          {claim.assignee === user.username && (
            <button type="button" onClick={() => void run('已退回认领', () => api.releaseTask(id))}>
              退回认领
            </button>
          )}
          {user.role === 'supervisor' && (
            <form
              className="inline"
              noValidate
              onSubmit={(e: FormEvent) => {
                e.preventDefault();
                if (!assignee.trim()) return setError('请填写改派对象的用户名');
                void run('已改派', () => api.assignTask(id, { assignee: assignee.trim() }));
              }}
            >
              <label htmlFor="assign-to">改派给（用户名）</label>
              <input id="assign-to" value={assignee} onChange={(e) => setAssignee(e.target.value)} />
              <button type="submit">改派</button>
            </form>
          )}
        </div>
      )}

      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!comment.trim()) return setError('请填写意见');
          void run('意见已记录', async () => {
            await api.addComment(id, comment);
            setComment('');
          });
        }}
      >
        <label htmlFor="comment">意见</label>
        <textarea id="comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={2000} />
        <button type="submit">添加意见</button>
      </form>

      <h3>打印文书</h3>
      <p>
        {forms.map(([form, title]) => (
          <button
            key={form}
            type="button"
            onClick={() =>
              void run(`已生成${title}`, async () =>
                saveBlob(await fetchFile(`/cases/${encodeURIComponent(id)}/documents/${form}.pdf`), `${title}.pdf`),
              )
            }
          >
            {title}
          </button>
        ))}
      </p>

      <h3>材料与附件</h3>
      {materials.length > 0 && (
        <ul aria-label="材料清单">
          {materials.map((m) => (
            <li key={m}>
              {received.has(m) ? '☑' : '☐'} {m}
            </li>
          ))}
        </ul>
      )}
      <table className="grid">
        <caption>附件</caption>
        <thead>
          <tr>
            <th scope="col">文件</th>
            <th scope="col">材料</th>
            <th scope="col">上传人</th>
            <th scope="col">时间</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {attachments.map((a) => (
            <tr key={a.id}>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    void run(`已下载 ${a.fileName}`, async () =>
                      saveBlob(await fetchFile(`/records/${encodeURIComponent(id)}/attachments/${a.id}`), a.fileName),
                    )
                  }
                >
                  {a.fileName}
                </button>
              </td>
              <td>{a.material ?? '—'}</td>
              <td>{a.uploadedByName ?? a.uploadedBy}</td>
              <td>{formatInstant(a.uploadedAt)}</td>
              <td className="mono small">{a.sha256.slice(0, 16)}…</td>
            </tr>
          ))}
          {!attachments.length && (
            <tr>
              <td colSpan={5} className="empty">
                暂无附件
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!file) return;
          void run(`已上传 ${file.name}`, () => uploadAttachment(id, file, material || undefined));
        }}
      >
        <label htmlFor="upload-file">扫描件（PDF、JPEG、PNG、TIFF，不超过 10 MB）</label>
        <input
          id="upload-file"
          type="file"
          accept="application/pdf,image/jpeg,image/png,image/tiff"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <label htmlFor="upload-material">对应材料</label>
        <select id="upload-material" value={material} onChange={(e) => setMaterial(e.target.value)}>
          <option value="">（不指定）</option>
          {materials.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!file}>
          上传附件
        </button>
      </form>
    </section>
  );
}
