/**
 * From 1 November, while next year's holiday calendar is not loaded, administrators and supervisors
 * see a banner on every page: every deadline reaching into that year is provisional until it is.
 */
import { useEffect, useState } from 'react';
import { api, type CalendarStatus, type User } from '../api';

export const bannerRoles: readonly User['role'][] = ['admin', 'supervisor'];

export function CalendarBanner({ user }: { user: User }) {
  const [status, setStatus] = useState<CalendarStatus | null>(null);
  const shown = bannerRoles.includes(user.role);
  useEffect(() => {
    if (!shown) return;
    api
      .calendarStatus()
      .then(setStatus)
      .catch(() => setStatus(null));
  }, [shown]);
  const missing = status?.missingNextYear;
  if (!shown || !missing) return null;
  return (
    <div role="region" aria-label="节假日安排提醒" className="banner warn">
      <strong>{missing.year} 年节假日安排尚未导入。</strong>
      凡跨入 {missing.year} 年的办理期限均暂按周一至周五计算，标为“暂定”，导入后自动重新计算。
      {user.role === 'admin' ? (
        <>
          {' '}
          请在 <a href="#/calendar">节假日安排</a> 页面导入国务院办公厅通知的日期。
        </>
      ) : (
        ' 请督促系统管理员尽快导入。'
      )}
    </div>
  );
}
