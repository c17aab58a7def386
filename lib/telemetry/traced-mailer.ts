/** An SMTP span ("smtp.send") around every message while tracing is on; the mailer itself otherwise. */
import type { TMailer } from '../mail/create-mailer';
import { currentTracing, inSpan } from './tracing';

export function tracedMailer(mailer: TMailer): TMailer {
  if (!currentTracing().temporalPlugin) return mailer;
  return {
    description: mailer.description,
    verify: () => mailer.verify(),
    close: () => mailer.close(),
    // No address on the span: the recipient is personal data.
    send: (message) =>
      inSpan('smtp.send', { 'messaging.system': 'smtp', 'server.address': mailer.description }, () => mailer.send(message)),
  };
}
