/** The gateway's error `code`s, in the words an official reads. Unknown codes fall back to a generic sentence. */
const messages: Record<string, string> = {
  invalid_credentials: '用户名或密码不正确，请重新输入。',
  too_many_attempts: '尝试次数过多，请稍后再试。',
  account_locked: '账号已被锁定，请联系系统管理员解锁。',
  unauthorized: '登录已过期，请重新登录。',
  password_change_required: '请先修改初始密码。',
  weak_password: '新密码不符合要求。',
  csrf_token_invalid: '页面已过期，请刷新后重试。',
  forbidden: '您没有执行此操作的权限。',
  role_not_allowed: '您的账号没有使用此功能的权限。',
  not_found: '没有找到这条记录，可能已被删除或不在您的辖区内。',
  invalid_request: '填写的内容有误，请检查后重试。',
  conflict: '与已有记录冲突，请检查后重试。',
  employer_exists: '本辖区已有同名用人单位。',
  rate_limited: '操作过于频繁，请稍后再试。',
  payload_too_large: '文件太大，请拆分后再上传。',
  unsupported_media_type: '文件格式不支持，请上传 Excel（.xlsx）或 CSV 文件。',
  internal_error: '系统出现问题，请稍后再试；如仍不行请联系管理员。',
};

export interface ApiError {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: unknown;
}

/** A Chinese sentence for an error answer. A message the server already wrote in Chinese is kept. */
export function errorText(err: unknown): string {
  const e = (err ?? {}) as ApiError;
  if (e.code === 'too_many_attempts') {
    const after = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (after) return `尝试次数过多，请 ${Math.ceil(after / 60)} 分钟后再试。`;
  }
  if (e.message && /[\u4e00-\u9fa5]/.test(e.message) && e.code !== 'invalid_credentials') return e.message;
  if (e.code && messages[e.code]) return messages[e.code]!;
  if (e.statusCode === 404) return messages.not_found!;
  if (e.statusCode === 403) return messages.forbidden!;
  if (e.statusCode && e.statusCode >= 500) return messages.internal_error!;
  return '操作没有成功，请稍后再试。';
}

/** Unwraps an openapi-fetch answer: the data, or throws an Error carrying the Chinese text. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const e = new Error(errorText(error)) as Error & { code?: string; status: number };
    e.code = (error as ApiError | undefined)?.code;
    e.status = response.status;
    throw e;
  }
  return data as T;
}
