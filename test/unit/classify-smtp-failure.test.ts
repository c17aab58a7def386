import { classifySmtpFailure } from '../../lib/mail/classify-smtp-failure';

/** An error shaped like nodemailer's (the fields are what nodemailer 10 sets; see smtp-connection). */
const smtpError = (message: string, fields: { code?: string; responseCode?: number; response?: string; command?: string }) =>
  Object.assign(new Error(message), fields);

describe('classifySmtpFailure', () => {
  it('calls a 5xx for an unknown mailbox permanent, a hard bounce, and never delivered', () => {
    const rejected = smtpError("Can't send mail - all recipients were rejected: 550 5.1.1 User unknown", {
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 5.1.1 User unknown',
      command: 'RCPT TO',
    });
    expect(classifySmtpFailure(rejected)).toEqual({
      kind: 'permanent',
      invalidRecipient: true,
      code: 550,
      enhanced: '5.1.1',
      mayHaveReachedSmtp: false,
      reason: "SMTP 550: Can't send mail - all recipients were rejected: 550 5.1.1 User unknown",
    });
    // Without an enhanced status code, 550/551/553 at RCPT still name a bad address.
    expect(classifySmtpFailure(smtpError('x', { responseCode: 553, response: '553 no such user', command: 'RCPT TO' }))).toMatchObject({
      kind: 'permanent',
      invalidRecipient: true,
    });
  });

  it('calls every other 5xx permanent without blaming the recipient address', () => {
    const spam = smtpError('Message failed: 554 5.7.1 Spam', {
      code: 'EMESSAGE',
      responseCode: 554,
      response: '554 5.7.1 Spam',
      command: 'DATA',
    });
    expect(classifySmtpFailure(spam)).toMatchObject({
      kind: 'permanent',
      invalidRecipient: false,
      enhanced: '5.7.1',
      mayHaveReachedSmtp: true,
    });
    // 550 after the message (content policy) is not a statement about the mailbox.
    expect(classifySmtpFailure(smtpError('x', { responseCode: 550, response: '550 rejected', command: 'DATA' }))).toMatchObject({
      kind: 'permanent',
      invalidRecipient: false,
    });
    // 5.1.8 is about our sender address, not the lead's.
    const sender = smtpError('x', { responseCode: 553, response: '553 5.1.8 Sender domain does not exist', command: 'MAIL FROM' });
    expect(classifySmtpFailure(sender)).toMatchObject({ kind: 'permanent', invalidRecipient: false, mayHaveReachedSmtp: false });
    // No usable recipient at all: nodemailer refuses before connecting, and so would any server.
    expect(classifySmtpFailure(smtpError('No recipients defined', { code: 'EENVELOPE', command: 'API' }))).toMatchObject({
      kind: 'permanent',
      invalidRecipient: false,
      mayHaveReachedSmtp: false,
    });
  });

  it('calls 4xx answers transient', () => {
    const full = smtpError('x', { code: 'EENVELOPE', responseCode: 452, response: '452 4.2.2 Mailbox full', command: 'RCPT TO' });
    expect(classifySmtpFailure(full)).toMatchObject({ kind: 'transient', invalidRecipient: false, code: 452, enhanced: '4.2.2' });
    const greylisted = smtpError('x', { responseCode: 421, response: '421 4.7.0 Try again later', command: 'DATA' });
    expect(classifySmtpFailure(greylisted)).toMatchObject({ kind: 'transient', mayHaveReachedSmtp: true });
  });

  it('calls network failures transient, and knows which of them cannot have delivered the message', () => {
    const refused = smtpError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ESOCKET', command: 'CONN' });
    expect(classifySmtpFailure(refused)).toEqual({
      kind: 'transient',
      invalidRecipient: false,
      code: undefined,
      enhanced: undefined,
      mayHaveReachedSmtp: false,
      reason: 'connect ECONNREFUSED 127.0.0.1:1',
    });
    // A timeout waiting for the answer to the final "." may come after the server kept the message.
    expect(classifySmtpFailure(smtpError('Timeout', { code: 'ETIMEDOUT', command: 'DATA' }))).toMatchObject({
      kind: 'transient',
      mayHaveReachedSmtp: true,
    });
    expect(classifySmtpFailure(smtpError('getaddrinfo ENOTFOUND smtp.example', { code: 'EDNS', command: 'CONN' }))).toMatchObject({
      kind: 'transient',
    });
    expect(classifySmtpFailure(new Error('socket hang up'))).toMatchObject({ kind: 'transient', mayHaveReachedSmtp: true });
  });

  it('calls a 5xx about our own credentials transient: fix the configuration, and the same mail goes out', () => {
    const auth = smtpError('Invalid login: 535 5.7.8 Authentication failed', {
      code: 'EAUTH',
      responseCode: 535,
      response: '535 5.7.8 Authentication failed',
      command: 'AUTH PLAIN',
    });
    expect(classifySmtpFailure(auth)).toMatchObject({ kind: 'transient', invalidRecipient: false, mayHaveReachedSmtp: false });
    expect(
      classifySmtpFailure(smtpError('x', { responseCode: 530, response: '530 5.7.0 Authentication required', command: 'MAIL FROM' })),
    ).toMatchObject({
      kind: 'transient',
    });
  });

  it('keeps the reason on one line', () => {
    expect(classifySmtpFailure(smtpError('first\r\nsecond', { responseCode: 554 })).reason).toBe('SMTP 554: first second');
  });
});
