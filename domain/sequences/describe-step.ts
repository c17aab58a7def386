/**
 * Sequence steps and conditions in words ("Wait 3 days", "Email "welcome" (fi: welcome-fi)").
 * Pure (no I/O, no Node built-ins): the API's diff and the console's editor (through `@domain`)
 * say the same thing about a step.
 */
import type { TCondition, TStep } from '../../journey/definition';

const q = (v: unknown) => JSON.stringify(v);

/** A condition in words: `heat eq "HOT"`, `has tag "vip"`, `clicked (step email-2)`. */
export function describeCondition(c: TCondition): string {
  switch (c.type) {
    case 'field':
      return c.op === 'exists' ? `${c.field} is set` : `${c.field} ${c.op} ${q(c.value)}`;
    case 'tag':
      return `has tag ${q(c.has)}`;
    case 'engagement':
      return c.step ? `${c.event} (step ${c.step})` : `${c.event} (any email)`;
    case 'all':
      return c.of.map(describeCondition).join(' and ');
    case 'any':
      return c.of.map(describeCondition).join(' or ');
    case 'not':
      return `not (${describeCondition(c.condition)})`;
  }
}

const target = (to: string) => (to === 'next' ? 'the next step' : `step ${to}`);

/** One line per step, what it does: the canvas card and the diff's "added"/"removed" lines. */
export function describeStep(step: TStep): string {
  switch (step.type) {
    case 'email': {
      const variants = Object.entries(step.email.variants ?? {});
      const from = step.email.from === 'owner' ? ' from the lead’s rep' : '';
      const offer = step.email.offer ? `, ${step.email.offer} offer` : '';
      return `Email ${q(step.email.template)}${from}${offer}${variants.length ? ` (${variants.map(([l, t]) => `${l}: ${t}`).join(', ')})` : ''}`;
    }
    case 'wait': {
      const w = step.wait;
      if (w.duration) return `Wait ${w.duration}`;
      if (w.businessDays !== undefined) return `Wait ${w.businessDays} business day${w.businessDays === 1 ? '' : 's'}`;
      if (w.until) return `Wait until ${w.until}`;
      return `Wait until the lead’s ${w.untilAttribute ?? '?'}${w.offset ? ` ${w.offset}` : ''}`;
    }
    case 'waitForEvent':
      return `Wait up to ${step.waitForEvent.timeout} for ${Object.keys(step.waitForEvent.on).join(' or ')}`;
    case 'branch':
      return `If ${describeCondition(step.branch.when)}: ${target(step.branch.then)}, else ${target(step.branch.else ?? 'next')}`;
    case 'updateLead': {
      const u = step.updateLead;
      const parts = [
        u.status ? `status ${u.status}` : '',
        u.heat ? `heat ${u.heat}` : '',
        u.scoreDelta !== undefined ? `score ${u.scoreDelta >= 0 ? '+' : ''}${u.scoreDelta}` : '',
        u.addTags?.length ? `add tags ${u.addTags.join(', ')}` : '',
        u.removeTags?.length ? `remove tags ${u.removeTags.join(', ')}` : '',
        u.deferFor ? `defer ${u.deferFor}` : '',
      ].filter(Boolean);
      return `Update lead: ${parts.join('; ')}`;
    }
    case 'task':
      return `Task (${step.task.kind}) “${step.task.title}”, due in ${step.task.dueIn}`;
    case 'notify':
      return `Notify ${step.notify.to === 'owner' ? 'the lead’s rep' : step.notify.to.email}: “${step.notify.subject}”`;
    case 'enroll':
      return `Enroll in sequence ${q(step.enroll.sequence)}`;
    case 'repeat': {
      const r = step.repeat;
      const bounds = [
        r.times !== undefined ? `${r.times} times in all` : '',
        r.until ? `until ${r.until}` : '',
        r.while ? `while ${describeCondition(r.while)}` : '',
        r.untilAttribute ? `until the lead’s ${r.untilAttribute}` : '',
      ].filter(Boolean);
      return `Repeat from step ${r.from} every ${r.every}, ${bounds.join(', ')}`;
    }
    case 'greetings':
      return `Holiday greetings with ${q(step.greetings.template)} for ${step.greetings.during}`;
    case 'webhook': {
      const a = step.webhook.answer;
      const fields = step.webhook.fields?.length ? ` with ${step.webhook.fields.join(', ')}` : '';
      const branches = a
        ? `; on its reply’s ${a.field ?? 'result'}: ${[...Object.entries(a.on ?? {}).map(([v, to]) => `${q(v)} → ${target(to)}`), `otherwise ${target(a.otherwise ?? 'next')}`, `on error ${target(a.onError ?? 'next')}`].join(', ')}`
        : '';
      return `Webhook to ${step.webhook.url}${fields}${branches}`;
    }
    case 'split': {
      const total = step.split.variants.reduce((sum, v) => sum + (v.weight ?? 1), 0);
      const parts = step.split.variants.map((v) => `${q(v.name)} ${Math.round((100 * (v.weight ?? 1)) / total)} % → ${target(v.goTo)}`);
      const winner = step.split.winner ? `; after ${step.split.winner.after}, all to the best by ${step.split.winner.metric}` : '';
      return `A/B split: ${parts.join(', ')}${winner}`;
    }
    case 'exit':
      return `Exit: ${step.exit?.reason ?? 'exit step'}`;
  }
}
