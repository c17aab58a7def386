import { randomUUID } from 'node:crypto';
import { AppError } from '../../lib/errors';
import type { TMailer } from '../../lib/mail/create-mailer';
import { messageIdFor } from '../../lib/mail/message-id';
import { previewTemplate, type TPreviewDeps, type TPreviewTemplate } from './preview-template';

export type TSendTestDeps = TPreviewDeps & { mailer: TMailer; mail: { from: string; messageIdDomain: string } };

export type TTemplateTestSent = { to: string; subject: string; messageId: string; templateKey: string | null; recipient: string };

/**
 * "Send me a test": renders a template or a draft as the preview does (for a lead or a sample)
 * and mails it to the signed-in person's own address, subject marked [Test]. Nothing is recorded
 * against the lead; no tracking, no journey. Only people have an address: an API key cannot.
 */
export async function sendTemplateTest(
  deps: TSendTestDeps,
  input: TPreviewTemplate & { userId: string | undefined },
): Promise<TTemplateTestSent> {
  if (!input.userId) {
    throw new AppError(
      'VALIDATION_FAILED',
      'A test email goes to the signed-in person: sign in to the console (an API key has no address)',
    );
  }
  const user = await deps.prisma.user.findUnique({ where: { id: input.userId }, select: { email: true, disabledAt: true } });
  if (!user || user.disabledAt) throw new AppError('FORBIDDEN', 'Your account cannot receive test emails');
  const rendered = await previewTemplate(deps, input);
  const subject = `[Test] ${rendered.subject}`;
  const messageId = messageIdFor(`template-test/${randomUUID()}`, deps.mail.messageIdDomain);
  try {
    await deps.mailer.send({
      from: deps.mail.from,
      to: user.email,
      subject,
      html: rendered.html,
      text: rendered.text,
      messageId,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Nurture-Category': 'test' },
    });
  } catch (cause) {
    throw new AppError('DEPENDENCY_UNAVAILABLE', `The test email could not be sent: ${(cause as Error).message}`, { cause });
  }
  return { to: user.email, subject, messageId, templateKey: rendered.templateKey, recipient: rendered.recipient.name };
}
