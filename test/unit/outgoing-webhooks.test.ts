/** The pure parts of outgoing webhooks: Standard Webhooks signatures, the SSRF address check, retry schedules, event mapping. */
import { refusedAddressReason } from '../../lib/webhooks/safe-post';
import { signWebhook, verifyWebhook, webhookHeaders } from '../../lib/webhooks/standard-webhooks';
import { parseRetrySchedule } from '../../lib/webhooks/retry-schedule';
import { webhookEventOf } from '../../domain/webhooks/event-types';

describe('Standard Webhooks signatures', () => {
  it('matches the reference vector of the Standard Webhooks libraries', () => {
    // From the standard-webhooks / svix test suites: any conforming receiver computes the same.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verifies its own headers, and refuses a changed body, another secret or a stale timestamp', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const now = 1_800_000_000;
    const h = webhookHeaders(secret, 'd-1', now, '{"a":1}');
    const given = { id: h['webhook-id']!, timestamp: h['webhook-timestamp']!, signature: h['webhook-signature']! };
    expect(verifyWebhook(secret, given, '{"a":1}', { nowSeconds: now })).toBe(true);
    expect(verifyWebhook(secret, given, '{"a":2}', { nowSeconds: now })).toBe(false);
    expect(verifyWebhook('whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==', given, '{"a":1}', { nowSeconds: now })).toBe(false);
    expect(verifyWebhook(secret, given, '{"a":1}', { nowSeconds: now + 3600 })).toBe(false);
  });
});

describe('SSRF address check', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '0.0.0.0',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
  ])('refuses %s', (address) => {
    expect(refusedAddressReason(address)).toEqual(expect.any(String));
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(refusedAddressReason(address)).toBeUndefined();
  });
});

describe('retry schedule and event mapping', () => {
  it('parses waits in s/m/h/d and refuses anything else', () => {
    expect(parseRetrySchedule('5s,5m,2h,1d')).toEqual([5_000, 300_000, 7_200_000, 86_400_000]);
    expect(parseRetrySchedule('5 minutes')).toBeUndefined();
    expect(parseRetrySchedule('')).toBeUndefined();
  });

  it('maps timeline rows to webhook events; a lead.updated is a heat change only when the heat changed', () => {
    expect(webhookEventOf('lead', 'lead.unsubscribed', {})).toBe('email.unsubscribed');
    expect(webhookEventOf('lead', 'lead.updated', { fields: ['heat', 'tags'] })).toBe('lead.heat_changed');
    expect(webhookEventOf('lead', 'lead.updated', { stepId: 's', change: { heat: 'HOT' } })).toBe('lead.heat_changed');
    expect(webhookEventOf('lead', 'lead.updated', { fields: ['tags'] })).toBeUndefined();
    expect(webhookEventOf('customer', 'purchase', {})).toBe('customer.purchase');
    expect(webhookEventOf('lead', 'lead.touch', {})).toBeUndefined();
  });
});
