import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type SessionBody, type SessionUser, session as wire } from '../api/client';
import { ok } from '../api/errors';

export type Role = SessionUser['role'];

export const roleLabels: Record<Role, string> = {
  admin: '系统管理员',
  bureau: '人社局',
  facility: '戒毒所/监狱/社区',
  organizer: '招聘会组织方',
  employer: '用人单位',
  portal: '就业门户',
};

const PURPOSE_KEY = 'qihang.purpose';

/** Who is signed in, the CSRF token of the session, and why they read people's records. */
export const useSession = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  const checked = ref(false);
  const purpose = ref<string | null>(sessionStorage.getItem(PURPOSE_KEY));
  wire.setPurpose(purpose.value);

  function adopt(body: SessionBody) {
    user.value = body.user;
    wire.setCsrfToken(body.csrfToken);
  }
  function forget() {
    user.value = null;
    wire.setCsrfToken(null);
    setPurpose(null);
  }
  function setPurpose(text: string | null) {
    purpose.value = text;
    wire.setPurpose(text);
    if (text) sessionStorage.setItem(PURPOSE_KEY, text);
    else sessionStorage.removeItem(PURPOSE_KEY);
  }

  /** Asks the gateway whether a session cookie is live (once per page load). */
  async function restore(): Promise<void> {
    if (checked.value) return;
    const { data } = await api.GET('/v1/auth/session');
    // Signed out, the gateway answers { user: null, csrfToken: null } (no 401, no console error).
    const body = data as SessionBody | { user: null; csrfToken: null } | undefined;
    if (body?.user) adopt(body);
    checked.value = true;
  }
  async function signIn(username: string, password: string) {
    adopt(await ok(api.POST('/v1/auth/sign-in', { body: { username, password } })));
    checked.value = true;
  }
  async function signOut() {
    await api.POST('/v1/auth/sign-out').catch(() => undefined);
    forget();
  }
  async function changePassword(currentPassword: string, newPassword: string) {
    await ok(api.POST('/v1/auth/password', { body: { currentPassword, newPassword } }));
    if (user.value) user.value = { ...user.value, mustChangePassword: false };
  }

  const role = computed(() => user.value?.role ?? null);
  return { user, role, checked, purpose, restore, signIn, signOut, changePassword, forget, setPurpose };
});
