/**
 * Before the log-in expires, a warning with the time and a way to extend it; once it has expired (or
 * the API answered 401), the password is asked for again over the page, which stays as it is, so
 * nothing typed is lost (issue 18 "a warning before a session expires and nothing typed lost at a
 * re-login"). Extending is a new log-in with the password: the service issues each token from a
 * password for at most 12 hours (api/auth.ts), so a token never renews itself.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, sessionExpiresAt, setSession, type User } from '../api';
import { formatInstant } from '../format';

/** How long before the expiry the warning shows. */
export const WARN_BEFORE_MS = 5 * 60_000;
const TICK_MS = 15_000;

export function SessionGuard({
  user,
  expired,
  onRenewed,
  onLogout,
}: {
  user: User;
  /** the API refused the token (401) */
  expired: boolean;
  onRenewed: () => void;
  onLogout: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(t);
  }, []);
  const expiresAt = sessionExpiresAt();
  const left = expiresAt === null ? Infinity : expiresAt - now;
  const over = expired || left <= 0;

  if (over || asking)
    return (
      <ReLogin
        user={user}
        over={over}
        onDone={() => {
          setAsking(false);
          setNow(Date.now());
          onRenewed();
        }}
        onCancel={over ? onLogout : () => setAsking(false)}
      />
    );
  if (left > WARN_BEFORE_MS) return null;
  return (
    <div role="alert" className="banner warn" data-testid="session-warning">
      登录将于 {formatInstant(new Date(expiresAt!).toISOString()).slice(11)} 过期（约 {Math.max(1, Math.ceil(left / 60_000))}{' '}
      分钟后）。延长登录须再次输入密码，本页已填写的内容不会丢失。{' '}
      <button type="button" onClick={() => setAsking(true)}>
        延长登录
      </button>{' '}
      <button type="button" className="link" onClick={onLogout}>
        重新登录
      </button>
    </div>
  );
}

function ReLogin({ user, over, onDone, onCancel }: { user: User; over: boolean; onDone: () => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const res = await api.login(user.username, password);
      setSession(res); // every tab takes the new token
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div role="dialog" aria-modal="true" aria-labelledby="relogin-title" className="banner warn relogin">
      <form onSubmit={submit} noValidate>
        <h2 id="relogin-title">{over ? '登录已过期，请输入密码继续' : '延长登录'}</h2>
        <p>
          用户 {user.displayName}（{user.username}）。本页已填写的内容仍在，登录后可继续提交。
        </p>
        <div className="field">
          <label htmlFor="relogin-password">密码</label>
          <input
            id="relogin-password"
            ref={inputRef}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || !password}>
          {busy ? '登录中…' : '登录'}
        </button>{' '}
        <button type="button" className="link" onClick={onCancel}>
          {over ? '退出' : '取消'}
        </button>
      </form>
    </div>
  );
}
