/** The routing SLA watcher's contract (workflows/lead-sla-workflow.ts). */
export type TLeadSlaInput = { version: 1; leadId: string; ownerEmail: string; assignedAtMs: number; slaMs: number };
export type TLeadSlaOutcome = 'acted' | 'owner-changed' | 'no-rep' | 'limit';
export type TLeadSlaResult = { outcome: TLeadSlaOutcome; reassignments: number };

export const leadSlaWorkflowId = (leadId: string) => `lead-sla/${leadId}`;

export const LEAD_SLA_WORKFLOW = 'leadSlaWorkflow';
export type TLeadSlaWorkflow = (input: TLeadSlaInput) => Promise<TLeadSlaResult>;
