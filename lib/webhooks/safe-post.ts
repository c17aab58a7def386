/**
 * POSTs JSON to a URL given by a user, refusing private destinations (SSRF): the host name is
 * resolved once, every address is checked, and the connection goes to the checked address (no
 * second lookup a rebinding DNS server could answer differently). Refused unless
 * `allowPrivateNetworks`: loopback, "this network", link-local, private (RFC 1918), carrier-grade
 * NAT, benchmarking, multicast and reserved IPv4; loopback, unspecified, link-local, unique-local,
 * multicast IPv6, and IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) by that address.
 * Redirects are not followed (a 3xx is an answer like any other).
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { AppError } from '../errors';

const BLOCKED = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['fec0::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
  ['100::', 64],
  ['2001:db8::', 32],
] as const) {
  BLOCKED.addSubnet(prefix, bits, 'ipv6');
}

/** The IPv4 address an IPv6 address carries (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::/96, 2002::/16), if any. */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeros(5) && (groups[5] === 0xffff || groups[5] === 0)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return undefined;
}

function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text =
      text.slice(0, -dotted[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array<number>(Math.max(fill, 0)).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** Why an address may not be called, or undefined when it may. */
export function refusedAddressReason(address: string): string | undefined {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4') ? `${address} is a loopback, private, link-local or reserved address` : undefined;
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 && BLOCKED.check(v4, 'ipv4')) return `${address} embeds ${v4}, a loopback, private, link-local or reserved address`;
    return BLOCKED.check(address, 'ipv6') ? `${address} is a loopback, unique-local, link-local or reserved address` : undefined;
  }
  return `${address} is not an IP address`;
}

export type TSafePostResult = { status: number; body: string; durationMs: number };

export class RefusedDestinationError extends AppError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message);
  }
}

/** Resolves `hostname` and checks every address; returns the first one to connect to. */
export async function resolveAllowed(hostname: string, allowPrivateNetworks: boolean): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host)
    ? [{ address: host, family: net.isIP(host) }]
    : await dns.promises.lookup(host, { all: true, verbatim: true });
  if (!addresses.length) throw new RefusedDestinationError(`${hostname} does not resolve`);
  if (!allowPrivateNetworks) {
    for (const { address } of addresses) {
      const reason = refusedAddressReason(address);
      if (reason)
        throw new RefusedDestinationError(
          `Refusing to call ${hostname}: ${reason} (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow private destinations)`,
        );
    }
  }
  return addresses[0]!;
}

/** A URL a webhook may target: http(s), no credentials in it. Throws VALIDATION_FAILED otherwise. */
export function assertWebhookUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Request is invalid', { details: [`url: "${value}" is not a URL`] });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('VALIDATION_FAILED', 'Request is invalid', { details: ['url: must start with https:// (or http://)'] });
  if (url.username || url.password)
    throw new AppError('VALIDATION_FAILED', 'Request is invalid', {
      details: ['url: must not carry credentials; the signature authenticates us'],
    });
  return url;
}

export async function safePostJson(
  target: string,
  body: string,
  options: { headers: Record<string, string>; timeoutMs: number; allowPrivateNetworks: boolean; maxResponseBytes?: number },
): Promise<TSafePostResult> {
  const url = assertWebhookUrl(target);
  const { address, family } = await resolveAllowed(url.hostname, options.allowPrivateNetworks);
  const started = Date.now();
  const limit = options.maxResponseBytes ?? 16_384;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<TSafePostResult>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'nurture-engine-webhooks/1',
          ...options.headers,
        },
        // Connect to the address checked above, whatever a second lookup would say.
        lookup: (_host, opts, callback) => {
          if ((opts as { all?: boolean }).all)
            (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
          else callback(null, address, family);
        },
        timeout: options.timeoutMs,
        servername: net.isIP(url.hostname) ? undefined : url.hostname,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < limit) chunks.push(chunk.subarray(0, limit - size));
          size += chunk.length;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), durationMs: Date.now() - started }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
