import { session } from './client';
import { errorText } from './errors';
import type { paths } from './schema';

type Kind = paths['/v1/uploads/{kind}']['post']['parameters']['path']['kind'];
export type BatchReport =
  paths['/v1/uploads/{kind}']['post']['responses'][201]['content']['application/json'];

/**
 * `POST /v1/uploads/{kind}`, typed by the generated schema, sent with XMLHttpRequest because fetch cannot
 * report how much of the file has gone up. The answer (the batch report) comes once the list is processed.
 */
export function uploadList(
  kind: Kind,
  file: File,
  onProgress: (fraction: number) => void,
  csrfToken: string | null,
): Promise<BatchReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/v1/uploads/${kind}?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    const purpose = session.getPurpose();
    if (purpose) xhr.setRequestHeader('x-purpose', encodeURIComponent(purpose));
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as BatchReport);
      else reject(new Error(errorText(body ?? { statusCode: xhr.status })));
    };
    xhr.onerror = () => reject(new Error('网络中断，文件没有上传成功，请检查网络后重试。'));
    xhr.send(file);
  });
}
