import { ElMessage, ElMessageBox } from 'element-plus';
import { api } from '../api/client';
import { ok } from '../api/errors';

/** 招聘中 / 已满员 / 已关闭 / 已撤回, the same label and colour on every page. */
export function postStatus(p: {
  status: string;
  statusLabel: string;
  filledCount: number;
  headcount: number;
}) {
  if (p.status === 'open' && p.filledCount >= p.headcount) return { status: 'full', label: '已满员' };
  if (p.status === 'open') return { status: 'open', label: '招聘中' };
  return { status: p.status, label: p.statusLabel };
}

/** 关闭 or 重新开放 a post, after a confirmation that says what happens. */
export async function toggle(p: { id: string; title: string; status: string }, done: () => void) {
  const closing = p.status === 'open';
  const sure = await ElMessageBox.confirm(
    closing
      ? `关闭后，「${p.title}」不再向求职人员推荐，已推送的就业网站会收到下架通知。以后可以重新开放。确定关闭吗？`
      : `重新开放后，「${p.title}」会重新参与推荐并推送到就业网站。确定重新开放吗？`,
    closing ? '关闭岗位' : '重新开放岗位',
    { confirmButtonText: closing ? '关闭岗位' : '重新开放', cancelButtonText: '取消', type: 'warning' },
  ).catch(() => false);
  if (!sure) return;
  try {
    await ok(
      closing
        ? api.POST('/v1/posts/{id}/close', { params: { path: { id: p.id } } })
        : api.POST('/v1/posts/{id}/reopen', { params: { path: { id: p.id } } }),
    );
    ElMessage.success(closing ? '岗位已关闭' : '岗位已重新开放');
    done();
  } catch (e) {
    ElMessage.error((e as Error).message);
  }
}
