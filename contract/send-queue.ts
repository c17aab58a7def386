/**
 * The send task queue (ADR-041): every email a workflow sends (journey emails, one-off sends,
 * notifications) is scheduled on `<task queue>-send`, whose workers carry the deployment's send
 * rate limit (SEND_RATE_PER_SECOND → Temporal's maxTaskQueueActivitiesPerSecond). Derived from the
 * workflow's own task queue, so workflow code needs no configuration to find it.
 */
export const sendTaskQueueOf = (taskQueue: string) => `${taskQueue}-send`;
