/** Every workflow the worker registers. Loaded by the worker's bundler: keep it sandbox-pure. */
export { sendLeadEmailWorkflow } from './send-lead-email';
export { journeyWorkflow } from './journey/journey-workflow';
export { taskWatchWorkflow } from './task-watch-workflow';
export { leadSlaWorkflow } from './lead-sla-workflow';
export { notifyWorkflow } from './notify-workflow';
export { leadImportWorkflow } from './lead-import-workflow';
