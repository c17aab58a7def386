/** The bulk enrolment workflow's contract (workflows/bulk-enroll-workflow.ts). */
export type TBulkEnrollInput = { version: 1; jobId: string; total: number; chunkSize?: number };

export const bulkEnrollWorkflowId = (jobId: string) => `bulk-enroll/${jobId}`;

export const BULK_ENROLL_WORKFLOW = 'bulkEnrollWorkflow';
export type TBulkEnrollWorkflow = (input: TBulkEnrollInput) => Promise<{ processed: number }>;
