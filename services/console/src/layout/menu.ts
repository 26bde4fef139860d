import { can } from '../router';
import type { Role } from '../stores/session';

export interface MenuItem {
  title: string;
  to?: string;
  roles?: readonly Role[];
  children?: MenuItem[];
}

/**
 * The left menu, grouped by task. Groups for workspaces that come later (招聘会, 报表, 系统管理) are added
 * here with their roles when their pages exist; a role never sees an entry it cannot use.
 */
export const menu: MenuItem[] = [
  { title: '首页', to: '/' },
  { title: '名单管理', roles: can.lists, children: [{ title: '名单导入', to: '/imports' }] },
  { title: '求职人员', to: '/people', roles: can.people },
  {
    title: '岗位与用人单位',
    roles: can.posts,
    children: [
      { title: '岗位', to: '/posts' },
      { title: '用人单位', to: '/employers' },
    ],
  },
];

export function menuFor(role: Role | null): MenuItem[] {
  if (!role) return [];
  const allowed = (i: MenuItem) => !i.roles || i.roles.includes(role);
  return menu
    .filter(allowed)
    .map((i) => (i.children ? { ...i, children: i.children.filter(allowed) } : i))
    .filter((i) => !i.children || i.children.length > 0);
}
