/** 校验: the issues of the open ledger, grouped by severity and sheet; a click shows the cell. */
import { Button, Link, Spinner, Switch } from "@fluentui/react-components";
import * as React from "react";
import type { LedgerIssue } from "../../ledger/validate/issue";
import type { WorkbookActions } from "../actions";
import type { Strings } from "../i18n";
import { errorNotice, Notice, type NoticeState } from "./Notice";

export function ValidatePanel({ actions, t }: { actions: WorkbookActions; t: Strings }) {
  const [issues, setIssues] = React.useState<LedgerIssue[] | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [notice, setNotice] = React.useState<NoticeState>(null);
  const [live, setLive] = React.useState(false);

  const check = React.useCallback(async () => {
    setBusy(true);
    try {
      setIssues((await actions.validate()).issues);
      setNotice(null);
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    } finally {
      setBusy(false);
    }
  }, [actions, t]);

  React.useEffect(() => {
    if (!live || !actions.watchLedger) return;
    let stop: (() => void) | undefined;
    actions.watchLedger(check).then(
      (s) => (stop = s),
      (err) => setNotice(errorNotice(t.failed, err)),
    );
    return () => stop?.();
  }, [live, actions, check, t]);

  const act = async (f: () => Promise<NoticeState>) => {
    try {
      setNotice(await f());
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    }
  };

  const groups: [string, LedgerIssue[]][] = issues
    ? [
        [t.errors, issues.filter((i) => i.severity === "error")],
        [t.warnings, issues.filter((i) => i.severity === "warning")],
      ]
    : [];
  return (
    <div className="panel">
      <div className="row">
        <Button appearance="primary" onClick={check} disabled={busy}>
          {t.validate}
        </Button>
        {actions.watchLedger && (
          <Switch checked={live} onChange={(_, d) => setLive(d.checked)} label={t.liveCheck} />
        )}
      </div>
      {busy && <Spinner size="tiny" label={t.validating} />}
      {issues && issues.length === 0 && <Notice notice={{ intent: "success", lines: [t.noIssues] }} />}
      {issues && issues.length > 0 && (
        <div className="row">
          <Button
            onClick={() =>
              act(async () => ({ intent: "info", lines: [t.highlighted(await actions.highlight(issues))] }))
            }
          >
            {t.highlight}
          </Button>
          <Button
            onClick={() =>
              act(async () => ({ intent: "info", lines: [t.cleared(await actions.clearHighlight())] }))
            }
          >
            {t.clearHighlight}
          </Button>
        </div>
      )}
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
                        <Link onClick={() => act(async () => (await actions.select(i.sheet, i.cell), null))}>
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
