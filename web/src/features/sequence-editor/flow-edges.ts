/** Where each step can lead, as the canvas draws it (pure: no React Flow, unit-tested; labels are console.sequenceEditor.edges.*). */
import type { TTranslate } from '../../lib/translate';
import type { TEditStep } from './model';

export type TFlowEdge = { from: string; to: string; label?: string; kind: 'next' | 'jump' | 'loop' };

/** Where each step can lead, in the engine's terms ("next" is the following step). */
export function flowEdgesOf(t: TTranslate, steps: readonly TEditStep[]): TFlowEdge[] {
  const ids = new Set(steps.map((s) => s.id));
  const edges: TFlowEdge[] = [];
  steps.forEach((s, i) => {
    const next = steps[i + 1]?.id;
    const to = (target: unknown): string | undefined =>
      target === 'next' || target === undefined ? next : typeof target === 'string' && ids.has(target) ? target : undefined;
    const add = (target: unknown, label: string | undefined, kind: TFlowEdge['kind'] = 'jump') => {
      const dest = to(target);
      if (dest) edges.push({ from: s.id, to: dest, kind, ...(label ? { label } : {}) });
    };
    const body = (s[s.type] ?? {}) as Record<string, unknown>;
    switch (s.type) {
      case 'exit':
        return;
      case 'branch':
        add(body['then'], t('sequenceEditor.edges.then'));
        add(body['else'] ?? 'next', t('sequenceEditor.edges.else'));
        return;
      case 'waitForEvent': {
        const on = (body['on'] ?? {}) as Record<string, unknown>;
        for (const [event, target] of Object.entries(on)) add(target, event);
        add(body['onTimeout'] ?? 'next', t('sequenceEditor.edges.noEvent', { timeout: String(body['timeout'] ?? '?') }));
        return;
      }
      case 'repeat':
        if (typeof body['from'] === 'string' && ids.has(body['from']))
          edges.push({
            from: s.id,
            to: body['from'],
            label: t('sequenceEditor.edges.again', { every: String(body['every'] ?? '?') }),
            kind: 'loop',
          });
        add('next', t('sequenceEditor.edges.done'), 'next');
        return;
      case 'split': {
        for (const v of (body['variants'] ?? []) as Array<Record<string, unknown>>)
          add(v['goTo'] ?? 'next', t('sequenceEditor.edges.variant', { name: String(v['name'] ?? '?') }));
        return;
      }
      case 'webhook': {
        const answer = body['answer'] as Record<string, unknown> | undefined;
        if (!answer) {
          add('next', undefined, 'next');
          return;
        }
        for (const [value, target] of Object.entries((answer['on'] ?? {}) as Record<string, unknown>))
          add(target, t('sequenceEditor.edges.answer', { value }));
        add(answer['otherwise'] ?? 'next', t('sequenceEditor.edges.otherAnswer'));
        add(answer['onError'] ?? 'next', t('sequenceEditor.edges.failed'));
        return;
      }
      default:
        add('next', undefined, 'next');
    }
  });
  return edges;
}
