import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/push/signing';

/** What the receiver does with one request. */
export type Step =
  | 'ok'
  | { status: number; retryAfter?: string }
  | 'hang' // never answers: the sender's timeout fires
  | 'reset' // drops the connection before processing
  | 'ack-lost' // processes the event, then drops the connection before answering
  | 'slow-body' // sends 200 and then a body too slowly to finish within the timeout
  | { delayMs: number }; // processes, answers 200 after a while (a busy portal)

export interface Received {
  at: number;
  key: string;
  event: string;
  postId: string;
  postVersion: number;
  signatureOk: boolean;
}

/**
 * A real portal on 127.0.0.1 that misbehaves on script (one step per request, then `ok`), and processes
 * events as PUSH.md tells portals to: verify the signature, dedup by idempotency key.
 */
export async function startReceiver(secret: () => string, script: Step[] = [], defaultStep: Step = 'ok') {
  const received: Received[] = [];
  const processed = new Map<string, Received>();
  const steps = [...script];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const parsed = JSON.parse(body) as { event: string; postId: string; postVersion: number };
    const key = String(req.headers['idempotency-key']);
    const r: Received = {
      at: Date.now(),
      key,
      event: parsed.event,
      postId: parsed.postId,
      postVersion: parsed.postVersion,
      signatureOk: verifySignature(secret(), body, req.headers['x-qihang-signature'] as string | undefined),
    };
    received.push(r);
    const step = steps.shift() ?? defaultStep;
    const process = () => {
      if (r.signatureOk && !processed.has(key)) processed.set(key, r);
    };
    if (step === 'hang') return;
    if (step === 'reset') return req.socket.destroy();
    if (step === 'ack-lost') {
      process();
      return req.socket.destroy();
    }
    if (step === 'slow-body') {
      process();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":');
      setTimeout(() => res.end('true}'), 5_000).unref();
      return;
    }
    if (typeof step === 'object' && 'delayMs' in step) {
      await new Promise((r) => setTimeout(r, step.delayMs));
      process();
      res.writeHead(200).end('{"ok":true}');
      return;
    }
    if (step === 'ok') {
      process();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    res.writeHead(step.status, step.retryAfter ? { 'retry-after': step.retryAfter } : {}).end('{}');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/qihang`,
    received,
    processed,
    steps,
    /** Events processed as `post.new`, per post version: must never exceed one. */
    newPerVersion() {
      const counts = new Map<string, number>();
      for (const r of processed.values()) {
        if (r.event !== 'post.new') continue;
        const k = `${r.postId}@${r.postVersion}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return counts;
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
