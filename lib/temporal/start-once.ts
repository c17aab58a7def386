/**
 * Starts a workflow whose id names one piece of work (one request's email, one task's watch, one
 * notice): the same id never runs twice, even after the first run finished (REJECT_DUPLICATE), and
 * a second start reports the first instead of failing.
 */
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Workflow } from '@temporalio/workflow';

export async function startWorkflowOnce<T extends Workflow>(
  temporal: Client,
  /** The workflow's type name (contract/<workflow>.ts), typed by T: callers never import workflow code. */
  workflowType: string,
  options: { taskQueue: string; workflowId: string; args: Parameters<T> },
): Promise<{ alreadyStarted: boolean }> {
  try {
    await temporal.workflow.start<T>(workflowType, {
      taskQueue: options.taskQueue,
      workflowId: options.workflowId,
      args: options.args,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    } as unknown as WorkflowStartOptions<T>);
    return { alreadyStarted: false };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { alreadyStarted: true };
    throw e;
  }
}
