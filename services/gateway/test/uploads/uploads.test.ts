import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@qihang/shared/config/index';
import { writeDemoLists } from '@qihang/shared/demo/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPort } from '../../src/uploads/ingest-port';
import { buildWorld, type World } from '../fixtures';

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

/**
 * Sends a request by hand: its head, then its body in pieces `everyMs` apart (the last piece ends it);
 * resolves with the status line once the server closes the connection (or after `giveUpMs`).
 */
function slowRequest(
  port: number,
  head: string,
  pieces: Buffer[],
  everyMs: number,
  giveUpMs = 10_000,
): Promise<{ status: string; closed: boolean; body: string }> {
  return new Promise((resolve) => {
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    let i = 0;
    const drip = setInterval(() => {
      if (i < pieces.length && socket.writable) socket.write(pieces[i++]!);
    }, everyMs);
    const finish = (closed: boolean) => {
      clearInterval(drip);
      clearTimeout(giveUp);
      socket.destroy();
      const [status = '', ...rest] = received.split('\r\n');
      resolve({ status, closed, body: rest.join('\r\n') });
    };
    const giveUp = setTimeout(() => finish(false), giveUpMs);
    socket.on('data', (d) => {
      received += d.toString('utf8');
    });
    socket.on('error', () => {});
    socket.on('close', () => finish(true));
  });
}

describe('how long a body may take to arrive', () => {
  let w: World;
  let port: number;
  beforeAll(async () => {
    const config = loadConfig({});
    w = await buildWorld({
      // 30 s in service.
      deps: () => ({ bodyTimeoutMs: 500 }),
      ingest: (database) => ingestPort({ database, idHashKey: config.secrets.idHashKey }),
    });
    await w.app.listen({ host: '127.0.0.1', port: 0 });
    ({ port } = w.app.server.address() as net.AddressInfo);
  });
  afterAll(async () => w?.cleanup());

  it('cuts off a request whose body is still arriving after the allowance, even with a valid key', async () => {
    const body = Buffer.from(JSON.stringify({ name: '慢慢发送的公司', regionCode: '433101' }));
    const res = await slowRequest(
      port,
      `POST /v1/employers HTTP/1.1\r\nHost: x\r\nx-api-key: ${w.keys.admin}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`,
      [...body].map((b) => Buffer.from([b])),
      100,
    );
    expect(res).toMatchObject({ status: '', closed: true });
  });

  it("gives an upload's file the upload route's allowance (minutes), not the default", async () => {
    const csv = Buffer.from('企业名称,岗位名称,招聘人数,工作地点\n慢速上传测试公司,保洁员,2,吉首市\n');
    const third = Math.ceil(csv.length / 3);
    const res = await slowRequest(
      port,
      `POST /v1/uploads/posts?filename=slow.csv HTTP/1.1\r\nHost: x\r\nx-api-key: ${w.keys.admin}\r\ncontent-type: text/csv\r\ncontent-length: ${csv.length}\r\nconnection: close\r\n\r\n`,
      [csv.subarray(0, third), csv.subarray(third, 2 * third), csv.subarray(2 * third)],
      400,
    );
    expect(res.status).toBe('HTTP/1.1 201 Created');
    expect(res.body).toContain('"accepted":1');
  });

  it('closes the connection of an answer given before its body arrived, whatever the status', async () => {
    const res = await slowRequest(
      port,
      'GET /health HTTP/1.1\r\nHost: x\r\ncontent-length: 50000000\r\n\r\n',
      Array.from({ length: 100 }, () => Buffer.alloc(1024)),
      50,
    );
    expect(res.status).toBe('HTTP/1.1 200 OK');
    expect(res.closed).toBe(true);
  });
});
