import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session as wire } from './api/client';
import { type Role, useSession } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Roles that may open the page; absent: every signed-in user. */
    roles?: readonly Role[];
    /** The breadcrumb above the page's own title. */
    parents?: { title: string; to?: string }[];
    public?: boolean;
  }
}

/** The same role groups as the gateway's routes (services/gateway/src/auth/roles.ts). */
export const can = {
  dashboard: ['admin', 'bureau'],
  lists: ['admin', 'bureau', 'facility'],
  people: ['admin', 'bureau', 'facility'],
  posts: ['admin', 'bureau'],
} as const satisfies Record<string, readonly Role[]>;

const routes: RouteRecordRaw[] = [
  { path: '/sign-in', component: () => import('./views/SignIn.vue'), meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: () => import('./layout/AppLayout.vue'),
    children: [
      { path: '', component: () => import('./views/Home.vue'), meta: { title: '首页' } },
      {
        path: 'password',
        component: () => import('./views/ChangePassword.vue'),
        meta: { title: '修改密码' },
      },
      {
        path: 'imports',
        component: () => import('./views/Imports.vue'),
        meta: { title: '名单导入', roles: can.lists, parents: [{ title: '名单管理' }] },
      },
      {
        path: 'imports/:id',
        component: () => import('./views/BatchReport.vue'),
        meta: {
          title: '导入结果',
          roles: can.lists,
          parents: [{ title: '名单管理' }, { title: '名单导入', to: '/imports' }],
        },
      },
      {
        path: 'people',
        component: () => import('./views/People.vue'),
        meta: { title: '求职人员', roles: can.people },
      },
      {
        path: 'people/:id',
        component: () => import('./views/PersonDetail.vue'),
        meta: { title: '人员详情', roles: can.people, parents: [{ title: '求职人员', to: '/people' }] },
      },
      {
        path: 'posts',
        component: () => import('./views/Posts.vue'),
        meta: { title: '岗位', roles: can.posts, parents: [{ title: '岗位与用人单位' }] },
      },
      {
        path: 'posts/:id',
        component: () => import('./views/PostDetail.vue'),
        meta: {
          title: '岗位详情',
          roles: can.posts,
          parents: [{ title: '岗位与用人单位' }, { title: '岗位', to: '/posts' }],
        },
      },
      {
        path: 'employers',
        component: () => import('./views/Employers.vue'),
        meta: { title: '用人单位', roles: can.posts, parents: [{ title: '岗位与用人单位' }] },
      },
      { path: ':rest(.*)*', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  const s = useSession();
  await s.restore();
  if (to.meta.public) return s.user && to.path === '/sign-in' ? '/' : true;
  if (!s.user) return { path: '/sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (s.user.mustChangePassword && to.path !== '/password') return '/password';
  if (to.meta.roles && !to.meta.roles.includes(s.user.role)) return '/';
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 启航` : '启航';
});

/** A session that ended on the server (idle timeout, revoked) sends the official back to sign in. */
wire.onUnauthorized(() => {
  const s = useSession();
  if (!s.user) return;
  s.forget();
  const here = router.currentRoute.value.fullPath;
  void router.replace({ path: '/sign-in', query: { next: here, expired: '1' } });
});
