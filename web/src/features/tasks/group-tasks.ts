import { localDay } from '../../lib/format';

export type TTaskGroups<T> = { overdue: T[]; today: T[]; upcoming: T[] };

/**
 * Open tasks by when they need doing: overdue (past their due time), due today (later today, in
 * the browser's time zone), upcoming. Each group keeps the API's order (soonest due first).
 */
export function groupTasks<T extends { dueAt: string; overdue: boolean }>(tasks: readonly T[], now: Date): TTaskGroups<T> {
  const today = localDay(now);
  const groups: TTaskGroups<T> = { overdue: [], today: [], upcoming: [] };
  for (const task of tasks) {
    const due = new Date(task.dueAt);
    if (task.overdue || due.getTime() < now.getTime()) groups.overdue.push(task);
    else if (localDay(due) === today) groups.today.push(task);
    else groups.upcoming.push(task);
  }
  return groups;
}
