/** The pure parts of ADR-035: bounded metric labels, the guard's thresholds and its wording. */
import { reasonClass, sequenceOf } from '../../lib/metrics/email-metrics';
import { enrollmentSourceClass } from '../../lib/metrics/journey-metrics';
import { formatRate, formatWindow, pauseReason, type TSenderReputation } from '../../domain/deliverability/sender-reputation-guard';
import { domainOfAddress, sendingDomainFor } from '../../domain/deliverability/sender-reputation';
import { parseEnv } from '../../lib/env';

const DAY = 86_400_000;
const config = { complaintRateMax: 0.3, hardBounceRateMax: 5, minSent: 100, windowMs: DAY };
const reputation = (sent: number, complaints: number, hardBounces: number): TSenderReputation => ({
  domain: 'example.com',
  since: new Date(0),
  sent,
  complaints,
  hardBounces,
  complaintRate: (complaints / sent) * 100,
  hardBounceRate: (hardBounces / sent) * 100,
});

describe('metric labels stay bounded', () => {
  it('turns free-text reasons into a fixed set of classes', () => {
    // Each input carries something unbounded (a zone, a date, a cap) that must not become a label.
    expect(reasonClass('quiet hours 21:00-08:00 Europe/Malta', 'postponed')).toBe('quiet-hours');
    expect(reasonClass('frequency cap 3/7d; quiet hours 21:00-08:00 Asia/Almaty', 'postponed')).toBe('frequency-cap');
    expect(reasonClass('paused by the lead until 2026-12-24T00:00:00.000Z', 'postponed')).toBe('lead-paused');
    expect(reasonClass('sending paused: complaint rate 0.4 % over 24 h', 'postponed')).toBe('sender-paused');
    expect(reasonClass('suppressed:hard-bounce', 'suppressed')).toBe('hard-bounce');
    expect(reasonClass('opted-out:webinars', 'suppressed')).toBe('opted-out');
    expect(reasonClass('SMTP_REJECTED:hard', 'failed')).toBe('hard-bounce');
    expect(reasonClass(undefined, 'failed')).toBe('smtp-rejected');
    expect(reasonClass('anything a future policy says', 'suppressed')).toBe('other');
  });

  it('takes the sequence key from a journey workflow id and never the lead id', () => {
    expect(sequenceOf('journey/welcome/3f1c2f54-1111-4222-8333-444455556666')).toBe('welcome');
    expect(sequenceOf('send-lead-email/3f1c2f54/x/y')).toBe('none');
    expect(sequenceOf(undefined)).toBe('none');
  });

  it('keeps only the class of an enrolment source, never a job id, key name or sequence', () => {
    expect(enrollmentSourceClass('api')).toBe('api');
    expect(enrollmentSourceClass('api:crm-sync')).toBe('api');
    expect(enrollmentSourceClass('console:Aigerim Bekova')).toBe('console');
    expect(enrollmentSourceClass('bulk:5b0c8a0e-7d3f-4c52-9b41-0f6a2e8d1c77')).toBe('bulk');
    expect(enrollmentSourceClass('sequence:welcome')).toBe('sequence');
    expect(enrollmentSourceClass('trigger:form-filled')).toBe('trigger');
    expect(enrollmentSourceClass('follow-up')).toBe('follow-up');
    expect(enrollmentSourceClass('something new')).toBe('other');
  });
});

describe('sender-reputation guard', () => {
  it('pauses past 0.3 % complaints or 5 % hard bounces, and words the reason for the timeline', () => {
    expect(pauseReason(reputation(1000, 4, 0), config)).toBe('sending paused: complaint rate 0.4 % over 24 h');
    expect(pauseReason(reputation(1000, 3, 0), config)).toBeUndefined(); // 0.3 % is not past 0.3 %
    expect(pauseReason(reputation(1000, 0, 51), config)).toBe('sending paused: hard-bounce rate 5.1 % over 24 h');
    expect(pauseReason(reputation(1000, 5, 60), config)).toBe('sending paused: complaint rate 0.5 % and hard-bounce rate 6 % over 24 h');
  });

  it('never judges a domain on too few emails', () => {
    expect(pauseReason(reputation(99, 10, 10), config)).toBeUndefined();
  });

  it('formats windows and rates for people', () => {
    expect(formatWindow(DAY)).toBe('24 h');
    expect(formatWindow(7 * DAY)).toBe('7 d');
    expect(formatWindow(90 * 60_000)).toBe('90 min');
    expect(formatRate(100 / 3)).toBe('33.33 %');
  });

  it('knows the sending domain of an email', () => {
    expect(domainOfAddress('Nurture Engine <Hello@Nurture.Example>')).toBe('nurture.example');
    expect(sendingDomainFor({}, { ownerEmail: 'rep@sales.example' }, { mailFrom: 'News <news@mail.example>' })).toBe('mail.example');
    expect(sendingDomainFor({ fromOwner: true }, { ownerEmail: 'rep@sales.example' }, { mailFrom: 'news@mail.example' })).toBe(
      'sales.example',
    );
    expect(sendingDomainFor({ fromOwner: true }, { ownerEmail: null }, { mailFrom: 'news@mail.example' })).toBe('mail.example');
  });

  it('reads its thresholds from the environment and refuses nonsense', () => {
    const env = parseEnv({ SENDER_COMPLAINT_RATE_MAX: '0.1', SENDER_REPUTATION_WINDOW: '48 hours' });
    expect(env).toMatchObject({ SENDER_COMPLAINT_RATE_MAX: 0.1, SENDER_HARD_BOUNCE_RATE_MAX: 5, SENDER_REPUTATION_WINDOW: 2 * DAY });
    const issues = (source: Record<string, string>): string[] => {
      try {
        parseEnv(source);
        return [];
      } catch (e) {
        return (e as { details: string[] }).details;
      }
    };
    expect(issues({ SENDER_COMPLAINT_RATE_MAX: 'lots' })).toEqual(['SENDER_COMPLAINT_RATE_MAX: must be a percentage like 0.3']);
    expect(issues({ TEMPORAL_METRICS_BIND_ADDRESS: '9464' })).toEqual([
      'TEMPORAL_METRICS_BIND_ADDRESS: must be host:port, e.g. 0.0.0.0:9464',
    ]);
    expect(issues({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT: must be a URL like http://127.0.0.1:4318',
    ]);
  });
});
