/** `plan-ledger summary FILE [--as-of] [--json]`: the figures of a ledger, as the dashboard shows them. */

import path from "path";
import { summaryOf } from "../dashboard/fromSnapshot";
import { chooseAsOf, describeAsOf } from "../ledger/context";
import type { Summary } from "../dashboard/summary";
import { snapshotOfPackage, UnusableWorkbookError } from "../render/xlsx/readXlsx";
import { openLedgerPackage } from "../render/xlsx/package/ledgerPackage";
import { changesSentence } from "../ledger/round";
import { changesSinceLastPeriod } from "./closeCommand";
import { isoDay, parseAsOf } from "./dates";
import { CliError, readUserFile } from "./io";

export async function summaryCommand(
  file: string,
  opts: { asOf?: string; json?: boolean },
  now: Date,
): Promise<{ text: string; warnings: string[] }> {
  const target = path.resolve(file);
  const { bytes } = readUserFile(target);
  try {
    const lp = openLedgerPackage(bytes);
    const snapshot = snapshotOfPackage(lp);
    const today = isoDay(now);
    const choice = chooseAsOf(snapshot, { asOf: opts.asOf ? parseAsOf(opts.asOf) : undefined, today });
    const summary = summaryOf(snapshot, { asOf: choice.asOf, today });
    const warnings = choice.warning ? [choice.warning] : [];
    // What changed since the last period recorded in 历次进展 (none before the first `close`).
    const changes = changesSinceLastPeriod(lp, snapshot, choice.asOf);
    const since = changes ? `\n\n与上期相比 Since the last period:\n${changesSentence(changes)}` : "";
    return opts.json
      ? {
          text: JSON.stringify(
            { asOfSource: choice.source, ...summary, ...(changes ? { changes } : {}) },
            null,
            2,
          ),
          warnings,
        }
      : { text: formatSummary(summary, describeAsOf(choice)) + since, warnings };
  } catch (err) {
    if (err instanceof UnusableWorkbookError) throw new CliError(`${target}：${err.message}`, 2);
    throw err;
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

export function formatSummary(s: Summary, asOfLine = `统计截止日期 As of: ${s.asOf}`): string {
  const o = s.overall;
  const out = [
    asOfLine,
    "",
    `任务总数 ${o.total}  已完成 ${o.done}  完成率 ${pct(o.completionRate)}  序时进度 ${pct(s.timeProgress)}`,
    `推进中 ${o.inProgress}  未启动 ${o.notStarted}  逾期未完成 ${o.overdue}  临期(${s.dueSoonDays}天内) ${o.dueSoon}  逾期完成 ${o.doneLate}`,
    "",
    "按领域 By domain:   任务  完成  推进  未启  逾期  临期  完成率",
  ];
  for (const d of s.domains) {
    out.push(
      `  ${d.name}\n                     ${pad(d.total, 4)}${pad(d.done, 6)}${pad(d.inProgress, 6)}${pad(d.notStarted, 6)}${pad(d.overdue, 6)}${pad(d.dueSoon, 6)}${pad(pct(d.completionRate), 8)}`,
    );
  }
  out.push("", `逾期未完成 Overdue (${s.overdue.length}):`);
  for (const x of s.overdue)
    out.push(
      `  ${x.kind === "task" ? "任务" : "节点"}${x.id} ${x.title.slice(0, 30)}  牵头：${x.lead || "—"}  时限 ${x.due}  逾期${x.days}天`,
    );
  if (!s.overdue.length) out.push("  （无）");
  out.push("", `临期 Due within ${s.dueSoonDays} days (${s.upcoming.length}):`);
  for (const x of s.upcoming)
    out.push(
      `  ${x.kind === "task" ? "任务" : "节点"}${x.id} ${x.title.slice(0, 30)}  牵头：${x.lead || "—"}  时限 ${x.due}  剩余${x.days}天`,
    );
  if (!s.upcoming.length) out.push("  （无）");
  if (s.irregular.length) {
    out.push("", `需核对的填写（按原样计入）Entries counted as they stand (${s.irregular.length}):`);
    for (const x of s.irregular) out.push(`  ${x.sheet} 第${x.row}行（${x.id}）：${x.problem}`);
  }
  out.push("", "通报 Bulletin:", s.bulletin);
  return out.join("\n");
}
