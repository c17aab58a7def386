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

export const TASKS_KEY = 'tasks';

type TCompleted = { id: string; title: string; result: string };

export default function TasksPage(): ReactElement {
  usePageTitle('My tasks');
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
          <h1>{everyone ? 'Everyone’s tasks' : 'My tasks'}</h1>
          <p className="subtitle">
            {everyone ? 'Open tasks of every rep.' : `Open tasks assigned to ${assignee ?? ''}.`} Complete one with what came of it.
          </p>
        </div>
        {user.role === 'ADMIN' ? (
          <button type="button" className="button button--secondary" aria-pressed={everyone} onClick={() => setEveryone(!everyone)}>
            {everyone ? 'Show my tasks' : 'Show everyone’s tasks'}
          </button>
        ) : null}
      </div>

      <div ref={results} tabIndex={-1} aria-live="polite">
        {completed.map((c) => (
          <div key={c.id} className="success">
            <p>
              Completed “{c.title}”: {c.result}
            </p>
          </div>
        ))}
      </div>

      {tasks.isPending ? <Loading label="Loading tasks…" /> : null}
      {tasks.isError ? <QueryError error={tasks.error} retry={() => void tasks.refetch()} what="your tasks" /> : null}
      {tasks.isSuccess ? (
        <>
          <TaskSection
            title="Overdue"
            empty="Nothing overdue."
            tasks={groups.overdue}
            onCompleted={(c) => setCompleted((all) => [c, ...all])}
          />
          <TaskSection
            title="Due today"
            empty="Nothing due today."
            tasks={groups.today}
            onCompleted={(c) => setCompleted((all) => [c, ...all])}
          />
          <TaskSection
            title="Upcoming"
            empty="Nothing upcoming."
            tasks={groups.upcoming}
            onCompleted={(c) => setCompleted((all) => [c, ...all])}
          />
        </>
      ) : null}
    </>
  );
}

function TaskSection(props: { title: string; empty: string; tasks: TTask[]; onCompleted: (c: TCompleted) => void }): ReactElement {
  const id = `tasks-${props.title.toLowerCase().replace(/\W+/g, '-')}`;
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
