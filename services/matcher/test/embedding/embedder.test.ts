import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@qihang/shared/config/index';
import { ModelUnavailableError } from '@qihang/shared/model/ensure';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, type Embedder } from '../../src/embedding/embedder';
import { personEmbeddingText, postEmbeddingText, RETRIEVAL_PREFIX } from '../../src/embedding/texts';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('embedder', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await createEmbedder({ modelDir: loadConfig().modelDir });
  });

  it('gives a text the same vector alone and inside a batch of other texts', async () => {
    const text = '电焊工，持焊工证，五年钢结构焊接经验';
    const [alone] = await embedder.embed([text]);
    const batch = await embedder.embed([
      '挖掘机司机',
      text,
      '家政服务员，照顾老人，做饭保洁，持健康证，长期稳定',
    ]);
    expect(Array.from(batch[1]!)).toEqual(Array.from(alone!));
  });

  it('returns unit-length 512-d vectors that put related work closer', async () => {
    const [weldA, weldB, cook] = await embedder.embed(['电焊工 焊接', '焊工 持焊工证', '中式烹调师 厨师']);
    expect(weldA!.length).toBe(512);
    expect(cosine(weldA!, weldA!)).toBeCloseTo(1, 5);
    expect(cosine(weldA!, weldB!)).toBeGreaterThan(cosine(weldA!, cook!));
  });

  it('fails at start-up naming the folder and how to obtain the model', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'qihang-no-model-'));
    try {
      const err = await createEmbedder({ modelDir: empty }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelUnavailableError);
      expect((err as Error).message).toContain(path.join(empty, 'Xenova', 'bge-small-zh-v1.5'));
      expect((err as Error).message).toContain('npm pack');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('embedding texts', () => {
  it('say what the work is, not where or for how much', () => {
    const text = postEmbeddingText({
      title: '电焊工',
      occupationName: '焊工',
      requiredSkills: ['电焊'],
      requiredCertificates: ['焊工证'],
      description: '钢结构焊接',
    });
    expect(text).toBe(
      `${RETRIEVAL_PREFIX}岗位：电焊工。职业：焊工。技能要求：电焊。证书要求：焊工证。钢结构焊接`,
    );
    expect(
      personEmbeddingText({
        desiredOccupationNames: ['焊工'],
        skills: ['电焊'],
        certificates: [],
        workHistory: '五年',
      }),
    ).toBe(`${RETRIEVAL_PREFIX}求职意向：焊工。技能：电焊。工作经历：五年`);
  });
});
