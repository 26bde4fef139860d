import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { MODEL_FILES, modelFolder } from './files';

export type VerifyResult = { ok: true } | { ok: false; missing: string[]; mismatched: string[] };

/** Streams the file through SHA-256 (the ONNX file is 24 MB). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function sha256OrMissing(file: string): Promise<string | undefined> {
  try {
    return await sha256File(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Checks every file of MODEL_FILES inside `folder` (the model folder itself). */
export async function verifyFolder(folder: string): Promise<VerifyResult> {
  const missing: string[] = [];
  const mismatched: string[] = [];
  for (const [rel, expected] of Object.entries(MODEL_FILES)) {
    const actual = await sha256OrMissing(path.join(folder, rel));
    if (actual === undefined) missing.push(rel);
    else if (actual !== expected) mismatched.push(rel);
  }
  return missing.length === 0 && mismatched.length === 0 ? { ok: true } : { ok: false, missing, mismatched };
}

/** Checks the model under `modelDir` (the folder that holds Xenova/bge-small-zh-v1.5). */
export function verifyModel(modelDir: string): Promise<VerifyResult> {
  return verifyFolder(modelFolder(modelDir));
}

export function describeProblems(result: { missing: string[]; mismatched: string[] }): string {
  if (result.missing.length === Object.keys(MODEL_FILES).length) return 'none of the model files are there';
  const parts: string[] = [];
  if (result.missing.length > 0) parts.push(`missing ${result.missing.join(', ')}`);
  if (result.mismatched.length > 0) parts.push(`SHA-256 mismatch in ${result.mismatched.join(', ')}`);
  return parts.join('; ');
}
