/**
 * Failure types shared by activities (which throw them) and workflows (which branch on them).
 *
 * SMTP_REJECTED: the server refused the message for good (5xx). The activity recorded the refusal
 * and throws ApplicationFailure.nonRetryable(reason, SMTP_REJECTED): a retry would be refused again.
 */
export const SMTP_REJECTED = 'SMTP_REJECTED';
