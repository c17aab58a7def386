/** Every workflow the worker registers. Loaded by the worker's bundler: keep it sandbox-pure. */
export { sendLeadEmailWorkflow } from './send-lead-email';
export { journeyWorkflow } from './journey/journey-workflow';
