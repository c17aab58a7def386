/** Where each step can lead, as the canvas draws it (pure: no React Flow, unit-tested). */
import type { TEditStep } from './model';

export type TFlowEdge = { from: string; to: string; label?: string; kind: 'next' | 'jump' | 'loop' };

/** Where each step can lead, in the engine's terms ("next" is the following step). */
export function flowEdgesOf(steps: readonly TEditStep[]): TFlowEdge[] {
  const ids = new Set(steps.map((s) => s.id));
  const edges: TFlowEdge[] = [];
  steps.forEach((s, i) => {
    const next = steps[i + 1]?.id;
    const to = (target: unknown): string | undefined =>
      target === 'next' || target === undefined ? next : typeof target === 'string' && ids.has(target) ? target : undefined;
    const add = (target: unknown, label: string | undefined, kind: TFlowEdge['kind'] = 'jump') => {
      const t = to(target);
      if (t) edges.push({ from: s.id, to: t, kind, ...(label ? { label } : {}) });
    };
    const body = (s[s.type] ?? {}) as Record<string, unknown>;
    switch (s.type) {
      case 'exit':
        return;
      case 'branch':
        add(body['then'], 'then');
        add(body['else'] ?? 'next', 'else');
        return;
      case 'waitForEvent': {
        const on = (body['on'] ?? {}) as Record<string, unknown>;
        for (const [event, target] of Object.entries(on)) add(target, event);
        add(body['onTimeout'] ?? 'next', `no event in ${String(body['timeout'] ?? '?')}`);
        return;
      }
      case 'repeat':
        if (typeof body['from'] === 'string' && ids.has(body['from']))
          edges.push({ from: s.id, to: body['from'], label: `again every ${String(body['every'] ?? '?')}`, kind: 'loop' });
        add('next', 'when done', 'next');
        return;
      case 'split': {
        for (const v of (body['variants'] ?? []) as Array<Record<string, unknown>>)
          add(v['goTo'] ?? 'next', `variant ${String(v['name'] ?? '?')}`);
        return;
      }
      case 'webhook': {
        const answer = body['answer'] as Record<string, unknown> | undefined;
        if (!answer) {
          add('next', undefined, 'next');
          return;
        }
        for (const [value, target] of Object.entries((answer['on'] ?? {}) as Record<string, unknown>)) add(target, `answer ${value}`);
        add(answer['otherwise'] ?? 'next', 'other answer');
        add(answer['onError'] ?? 'next', 'call failed');
        return;
      }
      default:
        add('next', undefined, 'next');
    }
  });
  return edges;
}
