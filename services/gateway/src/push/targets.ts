/**
 * Where webhooks may go. A subscription's target is a portal on the internet: by default only https to a
 * public address. Loopback, private, link-local, carrier-grade NAT, multicast and reserved ranges are refused
 * (a push must not reach the database port or a cloud metadata service) unless an operator lists the range in
 * PUSH_PRIVATE_TARGETS (an intranet portal; the test receiver); plain http is allowed only to those ranges.
 * The address is checked when a subscription is saved and again at every delivery, by the connection's own
 * DNS lookup, so a name that later resolves to a private address (DNS rebinding) is refused.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

const nonPublicRanges: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];
const nonPublic = new BlockList();
for (const [address, prefix, type] of nonPublicRanges) nonPublic.addSubnet(address, prefix, type);

export interface TargetPolicy {
  /** Non-public ranges an operator allows (PUSH_PRIVATE_TARGETS); http is allowed only to these. */
  allowed: BlockList;
}

/** From CIDRs or single addresses (`127.0.0.1/32`, `10.0.0.0/8`, `::1`); throws on a malformed entry. */
export function targetPolicy(ranges: readonly string[] = []): TargetPolicy {
  const allowed = new BlockList();
  for (const range of ranges) {
    const [address = '', prefix] = range.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`not an address or CIDR: ${range}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    allowed.addSubnet(address, prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix), type);
  }
  return { allowed };
}

/** `::ffff:127.0.0.1` is 127.0.0.1. */
function normalized(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, type: 'ipv4' };
  return { address, type: isIP(address) === 4 ? 'ipv4' : 'ipv6' };
}

/** Whether a connection to `address` over `protocol` (`https:` or `http:`) is allowed. */
export function addressAllowed(policy: TargetPolicy, address: string, protocol: string): boolean {
  const { address: a, type } = normalized(address);
  if (policy.allowed.check(a, type)) return true;
  return protocol === 'https:' && !nonPublic.check(a, type);
}

export class TargetRefusedError extends Error {
  readonly code = 'ETARGETREFUSED';
}

const refusal = (protocol: string) =>
  protocol === 'https:'
    ? '推送地址须为公网地址：本机、内网、链路本地等地址需由运维在 PUSH_PRIVATE_TARGETS 中配置'
    : '推送地址须为 https：http 仅允许发往 PUSH_PRIVATE_TARGETS 中配置的内网地址';

/**
 * Why `url` may not be a target (in Chinese, for the official), or null. Names are resolved; a name that
 * does not resolve now is let through (the portal may not be up yet): every delivery checks again.
 */
export async function targetProblem(policy: TargetPolicy, url: string): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '不是有效的网址';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return '推送地址须为 https';
  if (parsed.username || parsed.password) return '推送地址不能包含用户名或密码';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookupAll(host)).map((a) => a.address);
    } catch {
      return parsed.protocol === 'https:' ? null : refusal('http:');
    }
  }
  return addresses.every((a) => addressAllowed(policy, a, parsed.protocol)) ? null : refusal(parsed.protocol);
}

const lookupAll = (host: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for the connection itself: every address the name resolves to must be allowed. */
function guardedLookup(policy: TargetPolicy, protocol: string) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (addresses.length === 0 || !addresses.every((a) => addressAllowed(policy, a.address, protocol))) {
        return callback(new TargetRefusedError(`${hostname} resolves to a refused address`), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * A POST with fetch's shape, over a connection whose address is checked by its own DNS lookup (a literal IP
 * is checked before connecting). Redirects are not followed. An answer cut off mid-way is an error.
 */
export function guardedFetch(policy: TargetPolicy): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !addressAllowed(policy, host, url.protocol)) {
      throw new TargetRefusedError(`${host} is a refused address`);
    }
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const req = client.request(
        url,
        {
          method: init?.method ?? 'GET',
          headers: init?.headers as OutgoingHttpHeaders,
          signal: init?.signal ?? undefined,
          lookup: guardedLookup(policy, url.protocol) as never,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
          });
          res.on('aborted', () => reject(new Error('the answer was cut off')));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 500;
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
            }
            const empty = status === 204 || status === 304 || status < 200;
            resolve(
              new Response(empty ? null : Buffer.concat(chunks), { status: Math.max(200, status), headers }),
            );
          });
        },
      );
      req.on('error', reject);
      req.end(typeof init?.body === 'string' ? init.body : undefined);
    });
  }) as typeof fetch;
}
