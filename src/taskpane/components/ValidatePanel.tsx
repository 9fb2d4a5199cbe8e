/**
 * 校验: the issues of the open ledger, grouped by severity and sheet; a click shows the cell. The list
 * always belongs to the workbook as it is: after any write by the add-in it is checked again, and while the
 * live check is on, staff edits re-check it. 清除标记 stays available while cells carry a mark, even
 * after the pane (or the workbook) was closed.
 */
import { Button, Link, Spinner, Switch } from "@fluentui/react-components";
import * as React from "react";
import type { LedgerIssue } from "../../ledger/validate/issue";
import type { WorkbookActions } from "../actions";
import type { Strings } from "../i18n";
import { errorNotice, Notice, type NoticeState } from "./Notice";

interface Props {
  actions: WorkbookActions;
  t: Strings;
  wrote: number;
  onWrote: () => void;
}

export function ValidatePanel({ actions, t, wrote, onWrote }: Props) {
  const [issues, setIssues] = React.useState<LedgerIssue[] | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [notice, setNotice] = React.useState<NoticeState>(null);
  const [live, setLive] = React.useState(false);
  const [marks, setMarks] = React.useState(0);
  const shown = React.useRef(false);

  const countMarks = React.useCallback(
    () => actions.markCount().then(setMarks, (err) => setNotice(errorNotice(t.failed, err))),
    [actions, t],
  );

  /** `quiet`: a re-check after a write keeps the notice of that write. */
  const check = React.useCallback(async (quiet = false) => {
    setBusy(true);
    try {
      const r = await actions.validate();
      setIssues(r.issues);
      shown.current = true;
      if (!quiet) setNotice(null);
    } catch (err) {
      setIssues(null);
      shown.current = false;
      setNotice(errorNotice(t.failed, err));
    } finally {
      setBusy(false);
    }
  }, [actions, t]);

  // After any write by the add-in (update, fixes, highlighting) the list shown is checked again.
  React.useEffect(() => {
    void countMarks();
    if (shown.current) void check(true);
  }, [wrote, check, countMarks]);

  React.useEffect(() => {
    if (!live || !actions.watchLedger) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    actions.watchLedger(() => void check(true)).then(
      (s) => (cancelled ? s() : (stop = s)),
      (err) => setNotice(errorNotice(t.failed, err)),
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [live, actions, check, t]);

  const act = async (f: () => Promise<NoticeState>) => {
    try {
      setNotice(await f());
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    }
  };

  const fixable = issues?.filter((i) => i.fix).length ?? 0;
  const groups: [string, LedgerIssue[]][] = issues
    ? [
        [t.errors, issues.filter((i) => i.severity === "error")],
        [t.warnings, issues.filter((i) => i.severity === "warning")],
      ]
    : [];
  return (
    <div className="panel">
      <div className="row">
        <Button appearance="primary" onClick={() => check()} disabled={busy}>
          {t.validate}
        </Button>
        {actions.watchLedger && (
          <Switch checked={live} onChange={(_, d) => setLive(d.checked)} label={t.liveCheck} />
        )}
      </div>
      {busy && <Spinner size="tiny" label={t.validating} />}
      {issues && issues.length === 0 && <Notice notice={{ intent: "success", lines: [t.noIssues] }} />}
      <div className="row">
        {issues && issues.length > 0 && (
          <Button
            onClick={() =>
              act(async () => {
                const n = await actions.highlight(issues);
                await countMarks();
                return { intent: "info", lines: [t.highlighted(n)] };
              })
            }
          >
            {t.highlight}
          </Button>
        )}
        {marks > 0 && (
          <Button
            onClick={() =>
              act(async () => {
                const n = await actions.clearHighlight();
                await countMarks();
                return { intent: "info", lines: [t.cleared(n)] };
              })
            }
          >
            {t.clearHighlight}（{marks}）
          </Button>
        )}
        {fixable > 0 && (
          <Button
            onClick={() =>
              act(async () => {
                const n = await actions.applyFixes(issues!);
                onWrote();
                return { intent: "success", lines: [t.fixed(n)] };
              })
            }
          >
            {t.fix(fixable)}
          </Button>
        )}
      </div>
      <Notice notice={notice} />
      {groups.map(([title, list]) =>
        list.length ? (
          <section key={title} className="issues" data-testid={`issues-${list[0].severity}`}>
            <h3>
              {title}（{list.length}）
            </h3>
            {[...new Set(list.map((i) => i.sheet))].map((sheet) => (
              <div key={sheet}>
                <h4>{sheet}</h4>
                <ul>
                  {list
                    .filter((i) => i.sheet === sheet)
                    .map((i, k) => (
                      <li key={k}>
                        <Link
                          aria-label={t.locate(i.sheet, i.cell)}
                          onClick={() => act(async () => (await actions.select(i.sheet, i.cell), null))}
                        >
                          {i.cell}
                        </Link>{" "}
                        {i.message.replace(`${i.sheet}!${i.cell}：`, "")}
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </section>
        ) : null,
      )}
    </div>
  );
}
