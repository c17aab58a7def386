import type { PrismaClient } from '../../generated/prisma/client';
import { createTemplateVersion } from '../../domain/templates/create-template-version';
import type { TSequenceDefinitionInput } from '../../journey/definition';

/** A small template per key: subject "<key> for {{lead.firstName}}". */
export async function createTemplates(prisma: PrismaClient, keys: string[]): Promise<void> {
  for (const key of keys) {
    await createTemplateVersion(prisma, {
      key,
      name: key,
      subject: `${key} for {{lead.firstName}}`,
      mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>${key}: hello {{lead.firstName}}</mj-text><mj-text><a href="{{unsubscribeUrl}}">Unsubscribe</a></mj-text></mj-column></mj-section></mj-body></mjml>`,
    });
  }
}

export const WEEKDAYS_9_TO_5 = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' } as const;

/** A realistic multi-week nurture: welcome, tips, a branch on engagement, an offer and a call task. */
export const NURTURE: TSequenceDefinitionInput = {
  key: 'nurture',
  name: 'Cold lead nurture',
  settings: {
    sendWindow: { ...WEEKDAYS_9_TO_5, days: [...WEEKDAYS_9_TO_5.days] },
    goals: [
      { id: 'replied', when: { type: 'engagement', event: 'replied' } },
      { id: 'became-sql', when: { type: 'field', field: 'status', op: 'in', value: ['SQL', 'CUSTOMER'] } },
    ],
  },
  steps: [
    { id: 'welcome', type: 'email', email: { template: 'welcome-n' } },
    { id: 'wait-1', type: 'wait', wait: { duration: '3 days' } },
    { id: 'tips', type: 'email', email: { template: 'tips' } },
    { id: 'wait-2', type: 'wait', wait: { duration: '1 week' } },
    {
      id: 'clicked-tips',
      type: 'branch',
      branch: { when: { type: 'engagement', event: 'clicked', step: 'tips' }, then: 'offer', else: 'next' },
    },
    { id: 'nudge', type: 'email', email: { template: 'nudge' } },
    { id: 'wait-3', type: 'wait', wait: { duration: '2 weeks' } },
    { id: 'offer', type: 'email', email: { template: 'offer' } },
    { id: 'warm-up', type: 'updateLead', updateLead: { heat: 'WARM', scoreDelta: 10, addTags: ['offer-sent'] } },
    { id: 'call', type: 'task', task: { kind: 'call', title: 'Call about the offer', dueIn: '2 days' } },
  ],
};
