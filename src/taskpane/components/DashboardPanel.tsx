/** 仪表盘: the as-of date, and a refresh that rewrites only the dashboard sheet. */
import { Button, Field, Input, Spinner } from "@fluentui/react-components";
import * as React from "react";
import type { Summary } from "../../dashboard/summary";
import { today, type WorkbookActions } from "../actions";
import type { Strings } from "../i18n";
import { errorNotice, Notice, type NoticeState } from "./Notice";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function DashboardPanel({ actions, t }: { actions: WorkbookActions; t: Strings }) {
  const [asOf, setAsOf] = React.useState(today());
  const [summary, setSummary] = React.useState<Summary | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [notice, setNotice] = React.useState<NoticeState>(null);

  const run = async (f: () => Promise<NoticeState>) => {
    setBusy(true);
    try {
      setNotice(await f());
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel">
      <div className="row">
        <Field label={t.asOf}>
          <Input type="date" value={asOf} onChange={(_, d) => setAsOf(d.value)} />
        </Field>
        <Button
          disabled={busy || !asOf}
          onClick={() =>
            run(async () => (await actions.setAsOf(asOf), { intent: "success", lines: [t.asOfSet(asOf)] }))
          }
        >
          {t.setAsOf}
        </Button>
      </div>
      <Button
        appearance="primary"
        disabled={busy}
        onClick={() =>
          run(async () => {
            const r = await actions.refreshDashboard();
            setSummary(r.summary);
            return { intent: r.skipped.length ? "warning" : "success", lines: [t.refreshed, ...r.skipped] };
          })
        }
      >
        {t.refresh}
      </Button>
      {busy && <Spinner size="tiny" label={t.refreshing} />}
      <Notice notice={notice} />
      {summary && (
        <div data-testid="kpi">
          <div className="kpis">
            {[
              [t.kpiTotal, summary.overall.total],
              [t.kpiDone, summary.overall.done],
              [t.kpiRate, pct(summary.overall.completionRate)],
              [t.kpiProgress, pct(summary.timeProgress)],
              [t.kpiOverdue, summary.overall.overdue],
              [t.kpiDueSoon, summary.overall.dueSoon],
            ].map(([label, value]) => (
              <div key={String(label)} className="kpi">
                <div className="kpi-value">{value}</div>
                <div className="kpi-label">{label}</div>
              </div>
            ))}
          </div>
          <h3>{t.bulletin}</h3>
          <p className="bulletin">{summary.bulletin}</p>
        </div>
      )}
    </div>
  );
}
