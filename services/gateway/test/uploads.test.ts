import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@qihang/shared/config/index';
import { writeDemoLists } from '@qihang/shared/demo/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPort } from '../src/ingest/ingest-port';
import { buildWorld, type World } from './fixtures';

/** The two demo lists, uploaded through the gateway into the real ingest service. */
describe('uploads through ingest', () => {
  let w: World;
  const dir = path.join(os.tmpdir(), `qihang-gateway-lists-${process.pid}`);
  let files: { peopleFile: string; postsFile: string };

  beforeAll(async () => {
    const config = loadConfig({});
    w = await buildWorld({
      ingest: (database) => ingestPort({ database, idHashKey: config.secrets.idHashKey }),
    });
    files = await writeDemoLists({ seed: 7, people: 40, posts: 20 }, { dir, format: 'csv' });
  });
  afterAll(async () => {
    await w?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = async (role: 'admin' | 'facility', kind: 'people' | 'posts', file: string) =>
    w.inject(role, {
      method: 'POST',
      url: `/v1/uploads/${kind}?filename=${encodeURIComponent(path.basename(file))}`,
      headers: { 'content-type': 'text/csv' },
      payload: await readFile(file),
    });

  it('imports both lists and reports every batch, rejected rows included', async () => {
    const posts = await upload('admin', 'posts', files.postsFile);
    expect(posts.statusCode, posts.body).toBe(201);
    expect(posts.json().accepted + posts.json().rejected).toBeGreaterThan(0);
    const people = await upload('admin', 'people', files.peopleFile);
    expect(people.statusCode, people.body).toBe(201);
    const report = people.json();
    expect(report.status).toBe('done');
    expect(report.accepted + report.updated + report.rejected).toBe(40);
    const again = await w.inject('admin', { method: 'GET', url: `/v1/uploads/${report.batchId}` });
    expect(again.json()).toMatchObject({ batchId: report.batchId, accepted: report.accepted });
    const rows = await w.inject('admin', {
      method: 'GET',
      url: `/v1/uploads/${report.batchId}/rejected-rows`,
    });
    expect(rows.statusCode).toBe(200);
    expect(rows.json().items).toHaveLength(report.rejected);
    expect(JSON.stringify(rows.json())).not.toMatch(/\d{17}[\dX]/);
    const other = await w.inject('facility', { method: 'GET', url: `/v1/uploads/${report.batchId}` });
    expect(other.statusCode).toBe(404);
  });

  it('answers an XLSX cut short, or bytes that are no XLSX, with a failed batch saying why', async () => {
    const xlsx = await writeDemoLists(
      { seed: 8, people: 300, posts: 5 },
      { dir: path.join(dir, 'xlsx'), format: 'xlsx' },
    );
    const bytes = await readFile(xlsx.peopleFile);
    for (const payload of [
      bytes.subarray(0, Math.floor(bytes.length / 2)),
      Buffer.from('姓名,性别\n张三,男\n'),
    ]) {
      const res = await w.inject('admin', {
        method: 'POST',
        url: '/v1/uploads/people?filename=list.xlsx',
        headers: { 'content-type': 'application/octet-stream' },
        payload,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ status: 'failed', accepted: 0 });
      expect(res.json().error).toContain('不是完整有效的 XLSX 文件');
    }
  });
});

/** A large list takes longer than the server's idle timeout; the caller still gets its report. */
describe('an upload that outlasts the idle timeout', () => {
  let w: World;
  const dir = path.join(os.tmpdir(), `qihang-gateway-slow-${process.pid}`);

  beforeAll(async () => {
    const config = loadConfig({});
    w = await buildWorld({
      // The server cuts connections idle for 1 s (30 s in service); this ingest takes over 3 s.
      server: { connectionTimeout: 1_000 },
      ingest: (database) => {
        const real = ingestPort({ database, idHashKey: config.secrets.idHashKey });
        return {
          ...real,
          async ingestFile(upload) {
            await new Promise((resolve) => setTimeout(resolve, 3_000));
            return real.ingestFile(upload);
          },
        };
      },
    });
  });
  afterAll(async () => {
    await w?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers with the batch report over a real connection', async () => {
    const { postsFile } = await writeDemoLists({ seed: 9, people: 0, posts: 10 }, { dir, format: 'csv' });
    const base = await w.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${base}/v1/uploads/posts?filename=posts.csv`, {
      method: 'POST',
      headers: { 'x-api-key': w.keys.admin, 'content-type': 'text/csv' },
      body: await readFile(postsFile),
    });
    expect(res.status).toBe(201);
    const report = (await res.json()) as { status: string; accepted: number; rejected: number };
    expect(report.status).toBe('done');
    expect(report.accepted + report.rejected).toBe(10);
  });

  it('closes the connection of an upload refused for its key, instead of reading the rest of its file', async () => {
    if (!w.app.server.listening) await w.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = w.app.server.address() as net.AddressInfo;
    const outcome = await new Promise<{ status: string }>((resolve, reject) => {
      let status = '';
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /v1/uploads/people?filename=list.xlsx HTTP/1.1\r\nHost: x\r\nx-api-key: qh_not_a_key\r\n' +
            'content-type: application/octet-stream\r\ncontent-length: 50000000\r\n\r\n',
        );
      });
      // A slow sender: a kilobyte every 100 ms of a 50 MB file.
      const drip = setInterval(() => socket.writable && socket.write(Buffer.alloc(1024)), 100);
      const giveUp = setTimeout(() => {
        socket.destroy();
        reject(new Error('the connection was still open after 10 s'));
      }, 10_000);
      socket.on('data', (d) => {
        status ||= d.toString('latin1').split('\r\n')[0]!;
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(drip);
        clearTimeout(giveUp);
        resolve({ status });
      });
    });
    expect(outcome.status).toBe('HTTP/1.1 401 Unauthorized');
  });
});
