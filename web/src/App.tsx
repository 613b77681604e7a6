/**
 * The workbench shell: log-in, who the user is, navigation by role, and hash routes
 * (#/, #/cases/<id>, #/new, #/fund, #/supervision (also #/notices), #/family-beds, #/special-disease[/<id>],
 * #/calendar) so the server only has to serve index.html.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Role } from '../../domain/people';
import { ApiError, api, currentSession, onSessionChange, onSessionExpired, setSession, type CatalogueItem, type User } from './api';
import { jurisdictionNames, roleNames } from './format';
import { hashPath } from './hash-query';
import { Assistance } from './pages/Assistance';
import { AssistanceReports } from './pages/AssistanceReports';
import { Calendar } from './pages/Calendar';
import { CareEpisodes, EpisodePage } from './pages/CareReview';
import { FundRequestPage } from './pages/FundRequest';
import { claimUrl, ReimbursementPage, ReimbursementQueue } from './pages/Reimbursement';
import { Ledger } from './pages/Ledger';
import { FilingPage, RemoteCare } from './pages/RemoteCare';
import { FilingStatusQuery } from './pages/FilingStatusQuery';
import { OutpatientFacility } from './pages/OutpatientFacility';
import { NoAccess } from './pages/NoAccess';
import { SupervisionDrill } from './pages/SupervisionDrill';
import { CalendarBanner } from './pages/CalendarBanner';
import { CasePage } from './pages/CasePage';
import { FamilyBed } from './pages/FamilyBed';
import { Fund } from './pages/Fund';
import { Inbox } from './pages/Inbox';
import { NewCase } from './pages/NewCase';
import { PeopleSearch, PersonPage } from './pages/People';
import { CertificationPage, SpecialDisease } from './pages/SpecialDisease';
import { Supervision } from './pages/Supervision';
import { SessionGuard } from './pages/SessionGuard';

interface NavItem {
  href: string;
  label: string;
  roles?: readonly Role[];
}
const nav: NavItem[] = [
  { href: '#/', label: '待办案件' },
  { href: '#/new', label: '新建案件', roles: ['window_clerk', 'institution'] },
  { href: '#/fund', label: '周转金', roles: ['finance', 'fiscal'] },
  { href: '#/supervision', label: '督办统计', roles: ['supervisor', 'admin'] },
  { href: '#/calendar', label: '节假日安排', roles: ['admin'] },
  { href: '#/family-beds', label: '家庭病床', roles: ['institution'] },
  { href: '#/special-disease', label: '门诊特定病种', roles: ['institution', 'window_clerk', 'reviewer', 'approver'] },
  // issue 18: the screens of roles that had none (care decisions, ledger, …)
  { href: '#/care', label: '建床审核', roles: ['reviewer', 'approver', 'expert_panel', 'finance', 'window_clerk', 'institution'] },
  { href: '#/ledger', label: '基金账目', roles: ['finance', 'supervisor'] },
  {
    href: '#/people',
    label: '查找人员',
    roles: ['window_clerk', 'reviewer', 'approver', 'finance', 'supervisor', 'admin', 'expert_panel'],
  },
  { href: '#/assistance', label: '医疗救助对象', roles: ['window_clerk', 'reviewer', 'approver', 'finance', 'supervisor'] },
  {
    href: '#/assistance/reports',
    label: '救助公示与统计',
    roles: ['window_clerk', 'reviewer', 'approver', 'finance', 'supervisor'],
  },
  { href: '#/remote-care', label: '异地就医备案', roles: ['window_clerk', 'reviewer', 'approver', 'supervisor', 'admin'] },
  {
    href: '#/remote-care-status',
    label: '异地备案状态查询',
    roles: ['finance', 'institution', 'window_clerk', 'reviewer', 'approver', 'supervisor'],
  },
  { href: '#/reimbursement', label: '零星报销', roles: ['window_clerk', 'reviewer', 'approver', 'finance'] },
  {
    href: '#/outpatient-facility',
    label: '门诊选点',
    roles: ['window_clerk', 'reviewer', 'approver', 'institution', 'supervisor', 'finance'],
  },
];

function useHashRoute(): string {
  const [hash, setHash] = useState(() => location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export function App() {
  const [user, setUser] = useState<User | null>(() => currentSession()?.user ?? null);
  const [expired, setExpired] = useState(false);
  const [catalogue, setCatalogue] = useState<CatalogueItem[]>([]);
  const [flash, setFlash] = useState<{ hash: string; text: string } | null>(null);
  const hash = useHashRoute();
  const mainRef = useRef<HTMLElement>(null);

  // a 401 asks for the password over the page (nothing typed is lost); see SessionGuard
  const [refused, setRefused] = useState(false);
  useEffect(() => onSessionExpired(() => setRefused(true)), []);
  // another tab logged in or out: this one follows
  useEffect(() => {
    const off = onSessionChange((s) => {
      setUser(s?.user ?? null);
      setRefused(false);
    });
    // A new tab's ask can be answered between the first render and this subscription (the other
    // tab is quick, the first paint is not): the session it brought is taken up here, not lost.
    setUser(currentSession()?.user ?? null);
    return off;
  }, []);
  // the page's title names the page (its heading), for tabs, history and bookmarks
  useEffect(() => {
    const main = mainRef.current;
    const name = () => {
      const h1 = main?.querySelector('h1')?.textContent?.trim();
      document.title = user ? `${h1 ? `${h1} · ` : ''}江门医保经办工作台` : '登录 · 江门医保经办工作台';
    };
    name();
    if (!main) return;
    const watch = new MutationObserver(name);
    watch.observe(main, { childList: true, subtree: true, characterData: true });
    return () => watch.disconnect();
  }, [user]);
  useEffect(() => {
    if (user)
      api
        .catalogue()
        .then(setCatalogue)
        .catch(() => setCatalogue([]));
  }, [user]);
  // A message about the case just created stays on that case's page only.
  useEffect(() => {
    setFlash((f) => (f && f.hash === hash ? f : null));
  }, [hash]);
  // Keyboard and screen-reader users land on the new page's heading after navigation.
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [hash, user]);

  if (!user) {
    if (typeof document !== 'undefined') document.title = '登录 · 江门医保经办工作台';
    return (
      <Login
        expired={expired}
        onLogin={(u) => {
          setExpired(false);
          setUser(u);
        }}
      />
    );
  }

  const logout = () => {
    setSession(null);
    setUser(null);
    location.hash = '#/';
  };
  // the path without the page's filters (#/care?status=…)
  const route = hashPath(hash);
  const caseMatch = /^\/cases\/(.+)$/.exec(route);
  const certMatch = /^\/special-disease\/(.+)$/.exec(route);
  const allowed = (item: NavItem) => !item.roles || item.roles.includes(user.role);
  const navOf = (href: string) => nav.find((n) => n.href === href)!;
  const episodeMatch = /^\/care\/(.+)$/.exec(route);
  const fundMatch = /^\/fund\/(.+)$/.exec(route);
  const personMatch = /^\/people\/([0-9a-f]{16})$/.exec(route);
  const claimMatch = /^\/reimbursement\/(.+)$/.exec(route);

  let page;
  if (caseMatch) page = <CasePage key={caseMatch[1]} id={decodeURIComponent(caseMatch[1]!)} user={user} />;
  else if (route === '/new' && allowed(nav[1]!)) {
    page = (
      <NewCase
        user={user}
        catalogue={catalogue}
        onCreated={(id, created) => {
          const target = `#/cases/${encodeURIComponent(id)}`;
          setFlash({ hash: target, text: created ? '案件已创建' : '该事项与申请编号的案件已存在，已打开该案件' });
          location.hash = target;
        }}
      />
    );
  } else if (route === '/fund' && allowed(nav[2]!)) page = <Fund user={user} />;
  // the notices outbox is part of the supervisor's view (#/notices is its older address)
  else if ((route === '/supervision' || route === '/notices') && allowed(nav[3]!)) page = <Supervision user={user} />;
  else if (route === '/calendar' && allowed(nav[4]!)) page = <Calendar user={user} />;
  else if (route === '/family-beds' && allowed(nav[5]!)) page = <FamilyBed user={user} />;
  else if (certMatch && allowed(nav[6]!))
    page = <CertificationPage key={certMatch[1]} id={decodeURIComponent(certMatch[1]!)} user={user} />;
  else if (route === '/special-disease' && allowed(nav[6]!)) {
    page = (
      <SpecialDisease
        user={user}
        onCreated={(id, created) => {
          const target = `#/special-disease/${encodeURIComponent(id)}`;
          setFlash({ hash: target, text: created ? '认定已登记' : '该参保人此病种的认定仍在有效期内，已打开该认定' });
          location.hash = target;
        }}
      />
    );
  } else if (route === '/supervision/drill' && allowed(navOf('#/supervision'))) page = <SupervisionDrill key={hash} user={user} />;
  else if (route === '/ledger' && allowed(navOf('#/ledger'))) page = <Ledger user={user} />;
  else if (route === '/remote-care' && allowed(navOf('#/remote-care')))
    page = (
      <RemoteCare
        user={user}
        onCreated={(id, created) => {
          const target = `#/remote-care/${encodeURIComponent(id)}`;
          setFlash({ hash: target, text: created ? '备案已登记' : '该参保人此备案编号的备案已存在，已打开该备案' });
          location.hash = target;
        }}
      />
    );
  else if (route === '/outpatient-facility' && allowed(navOf('#/outpatient-facility'))) page = <OutpatientFacility user={user} />;
  else if (route.startsWith('/remote-care/') && allowed(navOf('#/remote-care')))
    page = <FilingPage key={route} id={decodeURIComponent(route.slice('/remote-care/'.length))} user={user} />;
  else if (route === '/remote-care-status' && allowed(navOf('#/remote-care-status'))) page = <FilingStatusQuery />;
  else if (route === '/assistance' && allowed(navOf('#/assistance'))) page = <Assistance user={user} />;
  else if (route === '/assistance/reports' && allowed(navOf('#/assistance/reports'))) page = <AssistanceReports user={user} />;
  else if (route === '/reimbursement' && allowed(navOf('#/reimbursement')))
    page = (
      <ReimbursementQueue
        user={user}
        onCreated={(id, created) => {
          const target = claimUrl(id);
          setFlash({ hash: target, text: created ? '报销申请已受理' : '该参保人此申请编号的报销申请已存在，已打开该申请' });
          location.hash = target;
        }}
      />
    );
  else if (claimMatch && allowed(navOf('#/reimbursement')))
    page = <ReimbursementPage key={claimMatch[1]} id={decodeURIComponent(claimMatch[1]!)} user={user} />;
  else if (route === '/care' && allowed(navOf('#/care'))) page = <CareEpisodes user={user} />;
  else if (episodeMatch && allowed(navOf('#/care')))
    page = <EpisodePage key={episodeMatch[1]} id={decodeURIComponent(episodeMatch[1]!)} user={user} />;
  else if (fundMatch && allowed(navOf('#/fund')))
    page = <FundRequestPage key={fundMatch[1]} id={decodeURIComponent(fundMatch[1]!)} user={user} />;
  else if (route === '/people' && allowed(navOf('#/people'))) page = <PeopleSearch user={user} />;
  else if (personMatch && allowed(navOf('#/people'))) page = <PersonPage key={personMatch[1]} personKey={personMatch[1]!} user={user} />;
  else if (route === '/') page = <Inbox user={user} catalogue={catalogue} />;
  else {
    // A route of another role gets a clear refusal, an unknown one says so: never the inbox in their place.
    const owner = nav.find((n) => n.href !== '#/' && (route === n.href.slice(1) || route.startsWith(`${n.href.slice(1)}/`)));
    const alias = route === '/notices' ? navOf('#/supervision') : owner;
    page = alias ? <NoAccess user={user} what={alias.label} /> : <NoAccess user={user} what={route} known={false} />;
  }

  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        跳到正文
      </a>
      <header className="top">
        <span className="brand">江门医保经办工作台</span>
        <nav aria-label="主导航">
          <ul>
            {nav.filter(allowed).map((n) => (
              <li key={n.href}>
                <a href={n.href} aria-current={isCurrent(n.href, route) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who" aria-label="当前用户">
          <span data-testid="who">
            {user.displayName}（{user.username}）· {roleNames[user.role]} · {jurisdictionNames[user.jurisdiction]}
          </span>
          <button type="button" className="link" onClick={logout}>
            退出
          </button>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <SessionGuard
          user={user}
          expired={refused}
          onRenewed={() => setRefused(false)}
          onLogout={() => {
            setExpired(refused);
            setRefused(false);
            logout();
          }}
        />
        <CalendarBanner user={user} />
        {flash && (
          <p role="status" className="ok">
            {flash.text}
          </p>
        )}
        {page}
      </main>
    </>
  );
}

function isCurrent(href: string, route: string): boolean {
  const target = href.replace(/^#/, '');
  if (target === '/') return route === '/' || route.startsWith('/cases/');
  if (target === '/supervision') return route === target || route === '/notices';
  return route === target || route.startsWith(`${target}/`);
}

function Login({ expired, onLogin }: { expired: boolean; onLogin: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    // the page's own message, not the browser's (an English browser would bubble "Please fill out this field")
    if (!username.trim() || !password) {
      setError(!username.trim() ? '请输入用户名' : '请输入密码');
      return;
    }
    setBusy(true);
    try {
      const res = await api.login(username.trim(), password);
      setSession(res);
      onLogin(res.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">江门医保经办工作台</h1>
        {expired && (
          <p role="status" className="error">
            登录已过期，请重新登录
          </p>
        )}
        <div className="field">
          <label htmlFor="login-user">用户名</label>
          <input
            id="login-user"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">密码</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? '登录中…' : '登录'}
        </button>
      </form>
    </main>
  );
}
