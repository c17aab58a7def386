import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSmtpCapture } from '../../lib/mail/smtp-capture';
import { createMailer } from '../../lib/mail/create-mailer';
import { createTestMail } from '../helpers/mail';

describe('SMTP capture and mailer', () => {
  it('delivers a UTF-8 message over real SMTP and parses it back exactly', async () => {
    const mail = await createTestMail();
    try {
      await mail.mailer.send({
        from: 'Nurture <hello@nurture.test>',
        to: { name: 'Ġorġ Borġ', address: 'gorg@example.mt' },
        subject: 'Il-ġestjoni tal-bejgħ — Сатуды басқару',
        text: 'Վաճառքի առաջատարները',
        html: '<p>Վաճառքի առաջատարները</p>',
        messageId: '<fixed-id@nurture.test>',
      });
      const m = await mail.capture.waitFor((x) => x.messageId === '<fixed-id@nurture.test>');
      expect(m).toMatchObject({
        envelopeTo: ['gorg@example.mt'],
        to: '"Ġorġ Borġ" <gorg@example.mt>',
        subject: 'Il-ġestjoni tal-bejgħ — Сатуды басқару',
        html: '<p>Վաճառքի առաջատարները</p>',
      });
      expect(m.text.trim()).toBe('Վաճառքի առաջատարները');
    } finally {
      await mail.close();
    }
  });

  it('keeps messages across a restart when given a folder (the dev mailbox survives npm run dev restarts)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailbox-'));
    const first = await startSmtpCapture({ port: 0, dir });
    const mailer = createMailer({ capturePort: first.port, poolSize: 1 });
    await mailer.send({ from: 'a@nurture.test', to: 'b@example.com', subject: 'kept', text: 'x' });
    mailer.close();
    await first.close();
    const second = await startSmtpCapture({ port: 0, dir });
    expect(second.list().map((m) => m.subject)).toEqual(['kept']);
    await second.close();
  });

  it('reports an unreachable SMTP server as one clear line', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://user:secret@127.0.0.1:9', capturePort: 0, poolSize: 1 });
    await expect(mailer.verify()).rejects.toThrow(/^Cannot reach SMTP relay 127\.0\.0\.1:9: .*ECONNREFUSED/);
    mailer.close();
  });
});
