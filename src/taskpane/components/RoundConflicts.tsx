/**
 * 导入反馈表's conflicts, one at a time: which task and column, the value the ledger has (and had when the copies
 * were sent), each return's value with its file and unit, and a choice; then a summary of every decision
 * before anything is written. Radios and buttons only, so the keyboard does it all (arrows choose, Tab and
 * Enter move on; the next conflict's heading takes the focus). Fits a 350-px pane: everything stacks.
 */
import { Button, Radio, RadioGroup } from "@fluentui/react-components";
import * as React from "react";
import type { Conflict } from "../../ledger/round/merge";
import type { ConflictDecision } from "../../ledger/round/collectPlan";
import type { Strings } from "../i18n";

/** A conflict's identity (task or milestone, column), as the planner's `conflictId`. */
export const conflictKey = (c: { key: string; column: string }) => `${c.key}\u0000${c.column}`;

const shown = (t: Strings, v: string) =>
  v === "" ? t.empty : `“${v.length > 60 ? `${v.slice(0, 60)}…` : v}”`;

interface Props {
  t: Strings;
  conflicts: Conflict[];
  decisions: Map<string, ConflictDecision>;
  decide: (d: ConflictDecision) => void;
  /** Shown under the summary (the write button): only once every conflict has been seen. */
  children: React.ReactNode;
}

export function RoundConflicts({ t, conflicts, decisions, decide, children }: Props) {
  const n = conflicts.length;
  // 0..n-1: a conflict; n: the summary.
  const [step, setStep] = React.useState(0);
  const heading = React.useRef<HTMLHeadingElement>(null);
  const moved = React.useRef(false);
  React.useEffect(() => {
    // Keyboard users go on where they are: the new step's heading takes the focus (not on first show).
    if (moved.current) heading.current?.focus();
  }, [step]);
  const go = (to: number) => {
    moved.current = true;
    setStep(Math.max(0, Math.min(n, to)));
  };

  if (step >= n)
    return (
      <div data-testid="conflicts" className="conflicts">
        <h4 ref={heading} tabIndex={-1} data-testid="conflict-summary">
          {t.conflictSummaryTitle(decisions.size, n)}
        </h4>
        <ol className="conflict-summary">
          {conflicts.map((c, i) => {
            const d = decisions.get(conflictKey(c));
            const r = d && d.take !== "master" ? c.returns.find((x) => x.file === d.take) : undefined;
            return (
              <li key={conflictKey(c)}>
                <span>
                  {c.key} {c.column}：
                  {!d
                    ? t.conflictUndecided
                    : r
                      ? t.takeReturn(r.file, r.unit, shown(t, r.value))
                      : t.keepMaster(shown(t, c.master))}
                </span>{" "}
                <Button
                  size="small"
                  appearance="subtle"
                  onClick={() => go(i)}
                  aria-label={t.conflictChange(i + 1)}
                >
                  {t.change}
                </Button>
              </li>
            );
          })}
        </ol>
        {children}
      </div>
    );

  const c = conflicts[step];
  const id = conflictKey(c);
  const files = c.returns.map((r) => r.file).join("、");
  return (
    <div data-testid="conflicts" className="conflicts">
      <h4 ref={heading} tabIndex={-1}>
        {t.conflictsTitle}
      </h4>
      <fieldset className="conflict" data-testid="conflict-step">
        <legend>{t.conflictOf(step + 1, n)}</legend>
        <dl className="conflict-facts">
          <dt>{t.conflictTask}</dt>
          <dd>
            {c.key}《{c.label}》
          </dd>
          <dt>{t.conflictColumn}</dt>
          <dd>{c.column}</dd>
          <dt>{t.conflictFiles}</dt>
          <dd>{files}</dd>
        </dl>
        <div className="hint">
          {c.kind === "master"
            ? t.conflictWhyMaster(shown(t, c.baseline), shown(t, c.master))
            : c.kind === "row"
              ? t.conflictWhyRow(shown(t, c.master))
              : t.conflictWhyReturns(shown(t, c.master))}
        </div>
        <RadioGroup
          aria-label={t.conflictChoice(step + 1)}
          value={decisions.get(id)?.take ?? ""}
          onChange={(_, d) => decide({ key: c.key, column: c.column, take: d.value })}
        >
          <Radio value="master" label={t.keepMaster(shown(t, c.master))} />
          {c.returns.map((r) => (
            <Radio key={r.file} value={r.file} label={t.takeReturn(r.file, r.unit, shown(t, r.value))} />
          ))}
        </RadioGroup>
      </fieldset>
      <div className="conflict-nav">
        <Button disabled={step === 0} onClick={() => go(step - 1)}>
          {t.previous}
        </Button>
        <Button appearance="primary" onClick={() => go(step + 1)}>
          {step + 1 < n ? t.next : t.toSummary}
        </Button>
      </div>
      <p className="hint">{t.decidedCount(decisions.size, n)}</p>
    </div>
  );
}
