/**
 * Find a person (查找人员): by ID number, name or application number across every process, and the
 * person's page with everything about them the user may see (POST /people/search, GET /people/:key). The ID
 * number is masked unless the user faces the person at the counter; the server logs each full read.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, type PersonPage as PersonView, type PersonSummary, type User } from '../api';
import { formatInstant, jurisdictionNames } from '../format';
import { useHashQuery } from '../hash-query';
import { taskHref } from './Inbox';

export function PeopleSearch(_props: { user: User }) {
  const [query, setQuery] = useHashQuery(['q'] as const);
  const [text, setText] = useState(query.q);
  const [people, setPeople] = useState<PersonSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!query.q) return;
    let cancelled = false;
    setError(null);
    api
      .findPeople(query.q)
      .then((p) => !cancelled && setPeople(p))
      .catch((e) => !cancelled && setError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [query.q]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ q: text.trim() });
  };

  return (
    <section aria-labelledby="people-title">
      <h1 id="people-title" tabIndex={-1}>
        查找人员
      </h1>
      <form className="filters" onSubmit={submit} aria-label="查找人员" noValidate>
        <div className="field">
          <label htmlFor="people-q">身份证号、姓名或申请编号</label>
          <input id="people-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit">查找</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {people && (
        <>
          <p role="status" className="count">
            找到 {people.length} 人
          </p>
          <table className="grid">
            <caption className="sr-only">查找结果</caption>
            <thead>
              <tr>
                <th scope="col">姓名</th>
                <th scope="col">身份证号码</th>
                <th scope="col">办件</th>
                <th scope="col">业务</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.personKey}>
                  <td>
                    <a href={`#/people/${p.personKey}`}>{p.name}</a>
                  </td>
                  <td className="mono">{p.idNumber}</td>
                  <td>{p.records}</td>
                  <td>{p.processes.join('、')}</td>
                </tr>
              ))}
              {!people.length && (
                <tr>
                  <td colSpan={4} className="empty">
                    在您可查看的范围内没有找到
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function PersonPage({ personKey }: { personKey: string; user: User }) {
  const [person, setPerson] = useState<PersonView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .getPerson(personKey)
      .then(setPerson)
      .catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [personKey]);
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!person) return <p>正在加载…</p>;
  return (
    <section aria-labelledby="person-title">
      <h1 id="person-title" tabIndex={-1}>
        {person.name}
      </h1>
      <dl className="facts">
        <dt>身份证号码</dt>
        <dd className="mono">{person.idNumber}</dd>
      </dl>
      <h2>办件</h2>
      <table className="grid">
        <caption className="sr-only">该人员的办件</caption>
        <thead>
          <tr>
            <th scope="col">业务</th>
            <th scope="col">编号</th>
            <th scope="col">辖区</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {person.records.map((r) => {
            const href = taskHref(r);
            const label = r.reference ?? r.id;
            return (
              <tr key={r.id}>
                <td>{r.processTitle}</td>
                <td>{href ? <a href={href}>{label}</a> : label}</td>
                <td>{jurisdictionNames[r.jurisdiction]}</td>
                <td>{r.status}</td>
              </tr>
            );
          })}
          {!person.records.length && (
            <tr>
              <td colSpan={4} className="empty">
                无
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {person.assistanceIdentities.length > 0 && (
        <>
          <h2>医疗救助对象身份</h2>
          <ul>
            {person.assistanceIdentities.map((i) => (
              <li key={i.id}>
                {jurisdictionNames[i.agency]} · {i.category} · {i.kind} · 自 {i.recognizedOn}
                {i.terminatedOn ? ` 至 ${i.terminatedOn}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>通知</h2>
      {person.notices.length ? (
        <ul>
          {person.notices.map((n) => (
            <li key={n.id}>
              {formatInstant(n.createdAt)} {n.subject}（{n.deliveries.map((d) => `${d.channel}：${d.status}`).join('，') || '未发送'}）
            </li>
          ))}
        </ul>
      ) : (
        <p>无</p>
      )}
    </section>
  );
}
