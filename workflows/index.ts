/** Every workflow the worker registers. Loaded by the worker's bundler: keep it sandbox-pure. */
export { sendLeadEmailWorkflow } from './send-lead-email';
export { journeyWorkflow } from './journey/journey-workflow';
export { taskWatchWorkflow } from './task-watch-workflow';
export { leadSlaWorkflow } from './lead-sla-workflow';
export { notifyWorkflow } from './notify-workflow';
export { leadImportWorkflow } from './lead-import-workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery-workflow';
export { bulkEnrollWorkflow } from './bulk-enroll-workflow';
export { captureFollowUpWorkflow } from './capture-follow-up-workflow';
export { simulatedEngagementWorkflow } from './simulation/simulated-engagement-workflow';
