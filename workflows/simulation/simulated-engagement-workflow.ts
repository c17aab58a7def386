/**
 * Dry runs only (worker/simulation/): an assumed engagement ("clicks email 2", an hour after it
 * is sent) delivered to a simulated journey at the right moment of skipped time — a timer, then
 * the journey's own engagement signal. Never started outside a simulation.
 */
import { getExternalWorkflowHandle, sleep } from '@temporalio/workflow';
import { engagementSignal, type TSimulatedEngagementWorkflow } from '../../contract/journeys';

export const simulatedEngagementWorkflow: TSimulatedEngagementWorkflow = async (input) => {
  await sleep(Math.max(0, input.atMs - Date.now()));
  try {
    await getExternalWorkflowHandle(input.journeyWorkflowId).signal(engagementSignal, input.event);
    return 'delivered';
  } catch {
    return 'journey-ended';
  }
};
