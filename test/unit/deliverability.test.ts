import {
  decideSendPolicy,
  nextUnderCap,
  parseFrequencyCap,
  quietHoursWindow,
  type TSendPolicyFacts,
  type TSendPolicyRequest,
} from '../../domain/deliverability/check-send-policy';
import {
  classifyInboundEmail,
  parseAuthenticationResults,
  type TClassifyOptions,
} from '../../domain/deliverability/classify-inbound-email';
import { ZConsentInput } from '../../domain/consent/schemas';
import { entriesFromCsv } from '../../domain/deliverability/import-suppressions';
import { addComplianceFooter } from '../../lib/mail/add-compliance-footer';
import { trackLinks } from '../../lib/mail/track-links';
import { verifyToken } from '../../lib/security/signed-token';

const DAY = 86_400_000;
const SECRET = 'unit-test-secret-unit-test-secret-0123';

describe('send policy arithmetic', () => {
  it('turns quiet hours into the daily window in which marketing may go out', () => {
    expect(quietHoursWindow('21:00-08:00')).toMatchObject({ start: '08:00', end: '21:00' });
    expect(quietHoursWindow('00:00-07:30')).toMatchObject({ start: '07:30', end: '24:00' });
    expect(quietHoursWindow('off')).toBeUndefined();
  });

  it('finds the first moment under the frequency cap: when the oldest counted send leaves the period', () => {
    const cap = parseFrequencyCap('2/7d')!;
    expect(cap).toEqual({ max: 2, periodMs: 7 * DAY });
    expect(nextUnderCap(10 * DAY, [9 * DAY], cap)).toBe(10 * DAY); // one in the period: room for one more
    expect(nextUnderCap(10 * DAY, [4 * DAY, 9 * DAY], cap)).toBe(11 * DAY); // day 4 leaves on day 11
    expect(nextUnderCap(10 * DAY, [1 * DAY, 9 * DAY], cap)).toBe(10 * DAY); // day 1 is already out
    expect(nextUnderCap(10 * DAY, [8 * DAY, 9 * DAY, 9.5 * DAY], cap)).toBe(16 * DAY); // the 2nd most recent decides
  });
});

describe('send policy decision (decideSendPolicy: the facts of one query, decided in memory)', () => {
  // Tuesday 2026-06-02 10:00 UTC = 13:00 in Helsinki: inside the allowed 08:00–21:00.
  const AT = Date.parse('2026-06-02T10:00:00Z');
  const config = { quietHours: '21:00-08:00', frequencyCap: '2/7d', requireMarketingConsent: true };
  const none: TSendPolicyFacts = { suppressions: [], marketingConsent: 'GRANTED', senderPause: null, recentMarketingSendsMs: [] };
  const request = (over: Partial<TSendPolicyRequest> = {}): TSendPolicyRequest => ({
    lead: { id: 'l', email: 'a@example.fi', timeZone: 'Europe/Helsinki', unsubscribedAt: null, marketingPausedUntil: null },
    category: 'marketing',
    topic: 'news',
    atMs: AT,
    idempotencyKey: 'k',
    canPostpone: true,
    ...over,
  });

  it('sends when nothing stands in the way', () => {
    expect(decideSendPolicy(none, request(), config)).toEqual({ action: 'send' });
  });

  it('suppresses by scope: a hard bounce stops even sales mail; marketing, topic and consent stop only marketing', () => {
    const bounced = { ...none, suppressions: [{ scope: 'all', reason: 'hard-bounce' }] };
    expect(decideSendPolicy(bounced, request({ category: 'sales' }), config)).toEqual({
      action: 'suppress',
      reason: 'suppressed:hard-bounce',
    });
    const complained = { ...none, suppressions: [{ scope: 'marketing', reason: 'complaint' }] };
    expect(decideSendPolicy(complained, request({ category: 'sales' }), config)).toEqual({ action: 'send' });
    expect(decideSendPolicy(complained, request(), config)).toEqual({ action: 'suppress', reason: 'suppressed:complaint' });
    const optedOut = { ...none, suppressions: [{ scope: 'topic:news', reason: 'preference' }] };
    expect(decideSendPolicy(optedOut, request(), config)).toEqual({ action: 'suppress', reason: 'opted-out:news' });
    expect(decideSendPolicy(optedOut, request({ topic: 'events' }), config).action).toBe('send');
    expect(decideSendPolicy({ ...none, marketingConsent: 'WITHDRAWN' }, request(), config)).toEqual({
      action: 'suppress',
      reason: 'no-consent',
    });
    expect(decideSendPolicy({ ...none, marketingConsent: null }, request(), { ...config, requireMarketingConsent: false }).action).toBe(
      'send',
    );
  });

  it('postpones for a paused sending domain when the journey can wait, and skips the one email when it cannot', () => {
    const paused = { ...none, senderPause: { reason: 'sending paused: complaint rate 0.4 % over 24 h' } };
    expect(decideSendPolicy(paused, request(), config)).toEqual({
      action: 'postpone',
      untilMs: AT + 3_600_000,
      reasons: ['sending paused: complaint rate 0.4 % over 24 h'],
    });
    expect(decideSendPolicy(paused, request({ canPostpone: false }), config)).toEqual({
      action: 'skip',
      reason: 'sending paused: complaint rate 0.4 % over 24 h',
    });
  });

  it('postpones past quiet hours and the frequency cap together, counting the simulator’s own sends too', () => {
    const night = Date.parse('2026-06-02T19:30:00Z'); // 22:30 in Helsinki
    expect(decideSendPolicy(none, request({ atMs: night }), config)).toEqual({
      action: 'postpone',
      untilMs: Date.parse('2026-06-03T05:00:00Z'),
      reasons: ['quiet hours 21:00-08:00 Europe/Helsinki'],
    });
    const twoThisWeek = { ...none, recentMarketingSendsMs: [AT - 6 * DAY] };
    const decision = decideSendPolicy(twoThisWeek, request({ alsoSentAtMs: [AT - DAY] }), config);
    expect(decision).toEqual({ action: 'postpone', untilMs: AT + DAY, reasons: ['frequency cap 2/7d'] });
  });
});

describe('tracked links', () => {
  const tracking = { baseUrl: 'https://nurture.example/', secret: SECRET, messageId: '<m1@nurture.example>', opens: true, clicks: true };

  it('signs each web link with its exact destination, leaves our own and non-web links alone, and adds one pixel', () => {
    const html =
      '<html><body><a href="https://shop.example/a?x=1&amp;y=2">A</a> <a class="b" href=\'http://b.example/\'>B</a>' +
      '<a href="mailto:x@y.example">M</a><a href="https://nurture.example/u/tok">U</a></body></html>';
    const out = trackLinks(html, tracking);
    const links = [...out.matchAll(/href=["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(links.slice(2)).toEqual(['mailto:x@y.example', 'https://nurture.example/u/tok']);
    expect(links.slice(0, 2).map((l) => verifyToken(l.split('/t/c/')[1]!, SECRET))).toEqual([
      { p: 'click', m: '<m1@nurture.example>', u: 'https://shop.example/a?x=1&y=2' },
      { p: 'click', m: '<m1@nurture.example>', u: 'http://b.example/' },
    ]);
    expect(out.match(/\/t\/o\//g)).toHaveLength(1);
    expect(out.indexOf('/t/o/')).toBeLessThan(out.indexOf('</body>'));
  });

  it('tracks nothing when both are off', () => {
    expect(trackLinks('<a href="https://a.example">a</a>', { ...tracking, opens: false, clicks: false })).toBe(
      '<a href="https://a.example">a</a>',
    );
  });
});

describe('compliance footer', () => {
  it('puts the reason, preferences, unsubscribe and the postal address in both parts, escaped in HTML', () => {
    const out = addComplianceFooter(
      { subject: 's', html: '<html><body><p>Hi</p></body></html>', text: 'Hi\n' },
      { preferencesUrl: 'https://n.example/p/t', unsubscribeUrl: 'https://n.example/u/t', postalAddress: 'Acme <Oy> · Street 1' },
    );
    expect(out.html).toContain('Acme &lt;Oy&gt; · Street 1</div></body>');
    expect(out.html).toContain('href="https://n.example/p/t"');
    expect(out.text).toBe(
      'Hi\n\n--\nYou receive this email because you asked us for information or agreed to hear from us.\nManage preferences: https://n.example/p/t\nUnsubscribe: https://n.example/u/t\nAcme <Oy> · Street 1\n',
    );
  });
});

describe('inbound email classification', () => {
  const opts = { unsubscribeMailto: 'unsubscribe@nurture.example' };
  const report = (type: string, part: string) =>
    [
      'From: MAILER-DAEMON@mx.example',
      'To: bounces@nurture.example',
      'Message-ID: <report-1@mx.example>',
      `Content-Type: multipart/report; report-type=${type}; boundary="B"`,
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'Report.',
      '--B',
      part,
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      'Message-ID: <orig-1@nurture.example>',
      '--B--',
      '',
    ].join('\r\n');

  it('reads a delayed DSN as a soft bounce with the original Message-ID', async () => {
    const dsn = report(
      'delivery-status',
      'Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; Full@Example.org\r\nAction: delayed\r\nStatus: 4.2.2\r\n',
    );
    expect(await classifyInboundEmail(dsn, opts)).toEqual({
      ownMessageId: '<report-1@mx.example>',
      kind: 'bounce',
      hard: false,
      recipient: 'full@example.org',
      status: '4.2.2',
      diagnostic: null,
      originalMessageId: '<orig-1@nurture.example>',
    });
  });

  it('reads an ARF feedback report as a complaint', async () => {
    const arf = report(
      'feedback-report',
      'Content-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nOriginal-Rcpt-To: <angry@example.org>\r\n',
    );
    expect(await classifyInboundEmail(arf, opts)).toMatchObject({
      kind: 'complaint',
      recipient: 'angry@example.org',
      feedbackType: 'abuse',
      originalMessageId: '<orig-1@nurture.example>',
    });
  });

  it('tells replies from auto-replies and reads the ids they answer', async () => {
    const base = ['From: Lead <lead@example.org>', 'To: rep@nurture.example', 'Subject: Re: hi', 'In-Reply-To: <a@nurture.example>'];
    expect(
      await classifyInboundEmail([...base, 'References: <z@nurture.example> <a@nurture.example>', '', 'Yes!'].join('\r\n'), opts),
    ).toMatchObject({
      kind: 'reply',
      from: 'lead@example.org',
      inReplyTo: ['<a@nurture.example>', '<z@nurture.example>', '<a@nurture.example>'],
    });
    for (const header of ['Auto-Submitted: auto-replied', 'X-Autoreply: yes', 'Precedence: auto_reply']) {
      expect(await classifyInboundEmail([...base, header, '', 'Out of office'].join('\r\n'), opts)).toMatchObject({ kind: 'auto-reply' });
    }
  });

  it('recognises an unsubscribe request to the List-Unsubscribe mailbox and its token', async () => {
    const mail = ['From: lead@example.org', 'To: Unsubscribe@nurture.example', 'Subject: unsubscribe abc.def', '', ''].join('\r\n');
    expect(await classifyInboundEmail(mail, opts)).toMatchObject({
      kind: 'unsubscribe',
      token: 'abc.def',
      from: 'lead@example.org',
      fromVerified: false, // no trusted MTA configured: a From header proves nothing
    });
  });

  describe('whether the From address is verified (Authentication-Results from our MTA)', () => {
    const trusted = { ...opts, trustedAuthservIds: ['mx.nurture.example'] };
    const reply = (...headers: string[]) =>
      [...headers, 'From: Lead <lead@Example.org>', 'To: rep@nurture.example', 'Subject: Re: hi', '', 'Yes!'].join('\r\n');
    const verified = async (raw: string, options: TClassifyOptions = trusted) => {
      const mail = await classifyInboundEmail(raw, options);
      return 'fromVerified' in mail ? mail.fromVerified : undefined;
    };

    it('trusts dmarc=pass, or dkim=pass for the From domain, stamped by a trusted authserv-id', async () => {
      expect(
        await verified(reply('Authentication-Results: mx.nurture.example; dmarc=pass (p=reject dis=none) header.from=example.org')),
      ).toBe(true);
      expect(
        await verified(
          reply(
            'Authentication-Results: MX.nurture.example 1;\r\n spf=fail smtp.mailfrom=x.example;\r\n dkim=pass (2048-bit key) header.d=example.org header.s=s1;\r\n dmarc=fail header.from=example.org',
          ),
        ),
      ).toBe(true);
      // Gmail-style: the DKIM identity as header.i.
      expect(await verified(reply('Authentication-Results: mx.nurture.example; dkim=pass header.i=@example.org header.s=20230601'))).toBe(
        true,
      );
    });

    it('does not trust the sender’s own header, another MTA, a failed or unaligned result, or nothing at all', async () => {
      expect(await verified(reply('Authentication-Results: mx.evil.example; dmarc=pass header.from=example.org'))).toBe(false);
      expect(await verified(reply('Authentication-Results: mx.nurture.example; dmarc=fail header.from=example.org'))).toBe(false);
      expect(await verified(reply('Authentication-Results: mx.nurture.example; dmarc=pass header.from=other.example'))).toBe(false);
      expect(await verified(reply('Authentication-Results: mx.nurture.example; dmarc=pass'))).toBe(false); // for which domain?
      expect(await verified(reply('Authentication-Results: mx.nurture.example; dkim=pass header.d=evil.example'))).toBe(false);
      expect(await verified(reply('Authentication-Results: mx.nurture.example; dmarc=pass (header.from=example.org)'))).toBe(false); // a comment
      expect(await verified(reply('Authentication-Results: mx.nurture.example; none'))).toBe(false);
      expect(await verified(reply())).toBe(false);
      // No trusted id configured: even our MTA's header is not read.
      expect(await verified(reply('Authentication-Results: mx.nurture.example; dmarc=pass header.from=example.org'), opts)).toBe(false);
    });

    it('reads only the topmost header with our id: one the sender planted below it does not count', async () => {
      const raw = reply(
        'Authentication-Results: mx.nurture.example; dmarc=fail header.from=example.org',
        'Authentication-Results: mx.nurture.example; dmarc=pass header.from=example.org',
      );
      expect(await verified(raw)).toBe(false);
    });

    it('does not verify a message with several From addresses', async () => {
      const raw = [
        'Authentication-Results: mx.nurture.example; dmarc=pass header.from=example.org',
        'From: lead@example.org, boss@example.org',
        'To: unsubscribe@nurture.example',
        'Subject: unsubscribe',
        '',
        '',
      ].join('\r\n');
      expect(await classifyInboundEmail(raw, trusted)).toMatchObject({ kind: 'unsubscribe', token: null, fromVerified: false });
    });
  });

  it('parses Authentication-Results with versions, comments and quoted values', () => {
    expect(
      parseAuthenticationResults(
        ' mx.nurture.example 1 (comment; with a semicolon); dkim=pass (good "sig") header.d="example.org"; dmarc=pass header.from=Example.ORG policy.dmarc=reject; none',
      ),
    ).toEqual({
      authservId: 'mx.nurture.example',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'example.org' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'example.org', 'policy.dmarc': 'reject' } },
      ],
    });
    expect(parseAuthenticationResults('  ')).toBeUndefined();
  });
});

describe('consent times', () => {
  it('refuses a consent dated in the future, beyond 5 minutes of clock skew, naming the field', () => {
    const ok = ZConsentInput.safeParse({ source: 'phone', occurredAt: new Date(Date.now() + 2 * 60_000).toISOString() });
    expect(ok.success).toBe(true);
    expect(ZConsentInput.safeParse({ source: 'phone', occurredAt: '2020-01-01T00:00:00Z' }).success).toBe(true);
    const future = ZConsentInput.safeParse({ source: 'phone', occurredAt: '2099-01-01T00:00:00Z' });
    expect(future.success).toBe(false);
    expect(future.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['occurredAt', 'cannot be in the future: consent is recorded as given at or before now'],
    ]);
    expect(ZConsentInput.safeParse({ source: 'phone', occurredAt: new Date(Date.now() + 6 * 60_000).toISOString() }).success).toBe(false);
  });
});

describe('suppression CSV', () => {
  it('reads a header row, quoted fields and a BOM, and leaves empty cells out', () => {
    expect(entriesFromCsv('\uFEFFEmail,Scope,Reason\r\n"a@x.example",all,"legal, GDPR"\nb@x.example,,\n')).toEqual({
      entries: [{ email: 'a@x.example', scope: 'all', reason: 'legal, GDPR' }, { email: 'b@x.example' }],
    });
    expect(entriesFromCsv('address\nx@y.example').problem).toBe('the first line must be a header with an "email" column');
  });
});
