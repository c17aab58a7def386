import { createMailer, type TMailer } from '../../lib/mail/create-mailer';
import { startSmtpCapture, type TSmtpCapture } from '../../lib/mail/smtp-capture';

/** A real SMTP capture on a free port and a pooled mailer pointed at it. */
export async function createTestMail(
  options: { dir?: string } = {},
): Promise<{ capture: TSmtpCapture; mailer: TMailer; close(): Promise<void> }> {
  const capture = await startSmtpCapture({ port: 0, ...(options.dir ? { dir: options.dir } : {}) });
  const mailer = createMailer({ capturePort: capture.port, poolSize: 2 });
  return {
    capture,
    mailer,
    close: async () => {
      mailer.close();
      await capture.close();
    },
  };
}
