/**
 * 仪表盘: the workbook's as-of date, and one primary action that writes it and refreshes the dashboard
 * (which rewrites only the dashboard sheet). Figures shown belong to the date and the workbook as they
 * were refreshed: changing the date or writing to the workbook clears them until the next refresh.
 */
import { Button, Field, Input, Spinner } from "@fluentui/react-components";
import * as React from "react";
import type { Summary } from "../../dashboard/summary";
import type { WorkbookActions } from "../actions";
import type { Strings } from "../i18n";
import { errorNotice, Notice, type NoticeState } from "./Notice";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Props {
  actions: WorkbookActions;
  t: Strings;
  wrote: number;
  onWrote: () => void;
}

export function DashboardPanel({ actions, t, wrote, onWrote }: Props) {
  const [asOf, setAsOf] = React.useState("");
  const [summary, setSummary] = React.useState<Summary | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [notice, setNotice] = React.useState<NoticeState>(null);
  const own = React.useRef(0);

  // The field shows the workbook's date (not today's), read again whenever the add-in wrote to the
  // workbook; figures refreshed before someone else's write are dropped.
  React.useEffect(() => {
    if (own.current !== wrote) setSummary(null);
    own.current = wrote;
    actions.asOf().then(
      (iso) => setAsOf(iso ?? ""),
      (err) => setNotice(errorNotice(t.failed, err)),
    );
  }, [actions, t, wrote]);

  const refresh = async () => {
    setBusy(true);
    setNotice(null);
    try {
      await actions.setAsOf(asOf);
      const r = await actions.refreshDashboard();
      setSummary(r.summary);
      setNotice({
        intent: "success",
        lines: [t.asOfSet(asOf), t.refreshed],
        ...(r.skipped.length ? { details: { summary: t.skipped, lines: r.skipped } } : {}),
      });
      own.current = wrote + 1;
      onWrote();
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel">
      <Field label={t.asOf} hint={asOf ? t.asOfHint : t.asOfEmptyHint}>
        <Input
          type="date"
          placeholder="YYYY-MM-DD"
          value={asOf}
          onChange={(_, d) => {
            setAsOf(d.value);
            setSummary(null);
            setNotice(null);
          }}
        />
      </Field>
      <Button appearance="primary" disabled={busy || !ISO_DATE.test(asOf)} onClick={refresh}>
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
