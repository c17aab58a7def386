import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import type { TTask } from '../../api/types';
import { Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { repEmailOf } from '../../app/access';
import { useUser } from '../auth/session';
import { groupTasks } from './group-tasks';
import { TaskItem } from './TaskItem';
import { useT } from '../../lib/i18n';

export const TASKS_KEY = 'tasks';

type TCompleted = { id: string; title: string; result: string };

export default function TasksPage(): ReactElement {
  const t = useT();
  usePageTitle(t('tasks.mine'));
  const user = useUser();
  const [everyone, setEveryone] = useState(false);
  const assignee = everyone ? undefined : repEmailOf(user);
  const [completed, setCompleted] = useState<TCompleted[]>([]);
  const results = useRef<HTMLDivElement>(null);
  // The completed task leaves its list: focus goes to its result instead of being lost.
  useEffect(() => {
    if (completed.length) results.current?.focus();
  }, [completed.length]);

  const tasks = useQuery({
    queryKey: [TASKS_KEY, { assignee: assignee ?? null, status: 'OPEN' }],
    queryFn: () => data(api.GET('/tasks', { params: { query: { assignee, status: 'OPEN', limit: 200 } } })),
    // Journeys create tasks in the background: fresh on every visit, and every half minute.
    staleTime: 0,
    refetchInterval: 30_000,
  });
  const groups = groupTasks(
    (tasks.data?.items ?? []).filter((t) => !completed.some((c) => c.id === t.id)),
    new Date(),
  );

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{everyone ? t('tasks.everyone') : t('tasks.mine')}</h1>
          <p className="subtitle">
            {everyone ? t('tasks.everyoneSubtitle') : t('tasks.mineSubtitle', { assignee: assignee ?? '' })} {t('tasks.completeHint')}
          </p>
        </div>
        {user.role === 'ADMIN' ? (
          <button type="button" className="button button--secondary" aria-pressed={everyone} onClick={() => setEveryone(!everyone)}>
            {everyone ? t('tasks.showMine') : t('tasks.showEveryone')}
          </button>
        ) : null}
      </div>

      <div ref={results} tabIndex={-1} aria-live="polite">
        {completed.map((c) => (
          <div key={c.id} className="success">
            <p>{t('tasks.completed', { title: c.title, result: c.result })}</p>
          </div>
        ))}
      </div>

      {tasks.isPending ? <Loading label={t('tasks.loading')} /> : null}
      {tasks.isError ? <QueryError error={tasks.error} retry={() => void tasks.refetch()} what={t('tasks.what')} /> : null}
      {tasks.isSuccess ? (
        <>
          <TaskSection
            name="overdue"
            title={t('tasks.overdue')}
            empty={t('tasks.overdueEmpty')}
            tasks={groups.overdue}
            onCompleted={(c) => setCompleted((all) => [c, ...all])}
          />
          <TaskSection
            name="due-today"
            title={t('tasks.today')}
            empty={t('tasks.todayEmpty')}
            tasks={groups.today}
            onCompleted={(c) => setCompleted((all) => [c, ...all])}
          />
          <TaskSection
            name="upcoming"
            title={t('tasks.upcoming')}
            empty={t('tasks.upcomingEmpty')}
            tasks={groups.upcoming}
            onCompleted={(c) => setCompleted((all) => [c, ...all])}
          />
        </>
      ) : null}
    </>
  );
}

function TaskSection(props: {
  /** Stable in every language: the heading's id. */
  name: string;
  title: string;
  empty: string;
  tasks: TTask[];
  onCompleted: (c: TCompleted) => void;
}): ReactElement {
  const id = `tasks-${props.name}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>
        {props.title} <span className="muted">({props.tasks.length})</span>
      </h2>
      {props.tasks.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <ul className="plain-list">
          {props.tasks.map((task) => (
            <li key={task.id}>
              <TaskItem task={task} onCompleted={(result) => props.onCompleted({ id: task.id, title: task.title, result })} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
