/** A page the user's role has nothing on: said plainly, with where their work is (not the inbox in its place). */
import type { User } from '../api';
import { roleNames } from '../format';

export function NoAccess({ user, what, known = true }: { user: User; what: string; known?: boolean }) {
  return (
    <section aria-labelledby="noaccess-title" data-testid="no-access">
      <h1 id="noaccess-title" tabIndex={-1}>
        {known ? '无权访问' : '页面不存在'}
      </h1>
      <p role="alert" className="error">
        {known ? `“${what}”不属于${roleNames[user.role]}的工作范围，您的账号不能查看或办理。` : `没有地址为“${what}”的页面。`}
      </p>
      <p>
        如需办理，请联系本单位的系统管理员调整权限；或 <a href="#/">返回待办案件</a>。
      </p>
    </section>
  );
}
