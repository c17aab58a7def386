/** The CSV import workflow's contract (workflows/lead-import-workflow.ts). */
export type TLeadImportInput = { version: 1; importId: string; total: number; batchSize?: number };

export const leadImportWorkflowId = (importId: string) => `lead-import/${importId}`;

export const LEAD_IMPORT_WORKFLOW = 'leadImportWorkflow';
export type TLeadImportWorkflow = (input: TLeadImportInput) => Promise<{ processed: number }>;
