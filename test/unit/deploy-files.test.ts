/**
 * The files in deploy/ (README "Operations"): the Prometheus alert rules pass `promtool check rules`
 * and their unit tests (`promtool test rules`), and every metric the Grafana dashboard and the
 * rules query is one the engine registers (or one Prometheus / the Temporal SDK exports).
 *
 * promtool comes with Debian's `prometheus` package (.ci/run installs it). Without it the promtool
 * cases fail under CI=true and are skipped, saying so, elsewhere.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { collectProcessMetrics, renderMetrics } from '../../lib/metrics/registry';

const ROOT = path.resolve(__dirname, '../..');
const RULES = 'deploy/prometheus/nurture-alerts.yml';
const RULE_TESTS = 'deploy/prometheus/nurture-alerts.test.yml';
const DASHBOARD = 'deploy/grafana/nurture-engine.json';

/** Metrics queried by the dashboard and rules that the engine does not define itself. */
const EXTERNAL_METRICS = new Set([
  'up', // Prometheus, per scrape target
  // The Temporal SDK's own metrics (TEMPORAL_METRICS_BIND_ADDRESS, job nurture-temporal-sdk)
  'temporal_activity_schedule_to_start_latency_bucket',
  'temporal_worker_task_slots_available',
]);

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = promtool.status === 0;
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';
if (!hasPromtool && !inCi) {
  console.warn(
    'promtool not found: the promtool checks of deploy/prometheus are SKIPPED (apt-get install -y prometheus; CI=true fails instead)',
  );
}

function run(args: string[]): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

(hasPromtool || inCi ? describe : describe.skip)('Prometheus alert rules (promtool)', () => {
  it('has promtool on PATH (CI installs Debian package prometheus)', () => {
    expect({ promtool: hasPromtool, error: promtool.error?.message }).toEqual({ promtool: true, error: undefined });
  });

  it('passes promtool check rules, lint included', () => {
    const r = run(['check', 'rules', '--lint=all', '--lint-fatal', RULES]);
    expect({ status: r.status, output: r.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('fires the alerts the rule unit tests expect on sample series (promtool test rules)', () => {
    const r = run(['test', 'rules', RULE_TESTS]);
    expect({ status: r.status, output: r.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });
});

const PROMQL_KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** Metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or strings. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...bare.matchAll(/\b[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()/g)].map((m) => m[0]);
  return [...new Set(names.filter((n) => !PROMQL_KEYWORDS.has(n)))];
}

/** Every series name /metrics can carry, from the registry's own exposition (histograms with their suffixes). */
async function registeredNames(): Promise<Set<string>> {
  // Importing every module of lib/metrics registers every metric, as the API and the worker do.
  for (const file of fs.readdirSync(path.join(ROOT, 'lib/metrics')).filter((f) => f.endsWith('.ts'))) {
    await import(path.join(ROOT, 'lib/metrics', file));
  }
  collectProcessMetrics();
  const names = new Set<string>();
  for (const [, name, type] of (await renderMetrics()).body.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(`${name}${s}`);
    if (type === 'summary') for (const s of ['_sum', '_count']) names.add(`${name}${s}`);
  }
  return names;
}

type TPanel = { id: number; title: string; gridPos: { x: number; y: number; w: number; h: number }; targets?: { expr: string }[] };

describe('Grafana dashboard and alert rules query real metrics', () => {
  const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, DASHBOARD), 'utf8')) as { panels: TPanel[] };
  const rules = parseYaml(fs.readFileSync(path.join(ROOT, RULES), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };

  it('reads metric names out of PromQL', () => {
    expect(metricNames('sum by (le) (rate(nurture_email_due_lag_seconds_bucket{outcome="sent"}[5m])) * 60')).toEqual([
      'nurture_email_due_lag_seconds_bucket',
    ]);
    expect(metricNames('absent(up{job="nurture-worker"} == 1) and on (x) foo_total / clamp_min(bar, 1e-9) > 0.05')).toEqual([
      'up',
      'foo_total',
      'bar',
    ]);
  });

  it('has one id per panel and no panels on top of each other', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const overlaps: string[] = [];
    dashboard.panels.forEach((a, i) =>
      dashboard.panels.slice(i + 1).forEach((b) => {
        const apart =
          a.gridPos.x + a.gridPos.w <= b.gridPos.x ||
          b.gridPos.x + b.gridPos.w <= a.gridPos.x ||
          a.gridPos.y + a.gridPos.h <= b.gridPos.y ||
          b.gridPos.y + b.gridPos.h <= a.gridPos.y;
        if (!apart) overlaps.push(`${a.title} / ${b.title}`);
      }),
    );
    expect(overlaps).toEqual([]);
  });

  it('queries only metrics the engine registers (or Prometheus and the Temporal SDK export)', async () => {
    const registered = await registeredNames();
    const queries = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
      ...rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }))),
    ];
    expect(queries.length).toBeGreaterThan(20);
    const unknown = queries.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((n) => !registered.has(n) && !EXTERNAL_METRICS.has(n))
        .map((n) => `${where}: ${n}`),
    );
    expect(unknown).toEqual([]);
    // The journey panels read the new gauges and counter.
    const read = new Set(queries.flatMap((q) => metricNames(q.expr)));
    expect([...read].filter((n) => ['nurture_active_journeys', 'nurture_enrollments_total'].includes(n)).sort()).toEqual([
      'nurture_active_journeys',
      'nurture_enrollments_total',
    ]);
  });
});
