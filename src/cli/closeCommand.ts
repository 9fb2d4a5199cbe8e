/**
 * `plan-ledger close MASTER [--as-of D] [-o OUT | --in-place] [--dry-run]`: the period at its as-of date
 * recorded in 历次进展 (each task's and milestone's status, completion date, 预警 and progress note). A period
 * is recorded once: closing it again, or closing an earlier one after it, is refused.
 */
import { existsSync } from "fs";
import path from "path";
import { chooseAsOf, describeAsOf } from "../ledger/context";
import { UnusableWorkbookError } from "../ledger/grid";
import type { LedgerSnapshot } from "../ledger/snapshot";
import {
  changesSentence,
  closedPeriods,
  periodChanges,
  periodRecords,
  type PeriodChanges,
} from "../ledger/round";
import { appendPeriod, recordedPeriods } from "../render/xlsx/closePeriod";
import { openLedgerPackage, type LedgerPackage } from "../render/xlsx/package/ledgerPackage";
import { verifyPackage } from "../render/xlsx/package/verifyPackage";
import { snapshotOfPackage } from "../render/xlsx/readXlsx";
import { isoDay, parseAsOf } from "./dates";
import {
  CliError,
  describeWriteError,
  isReadOnlyFile,
  openElsewhere,
  readUserFile,
  realFile,
  withFileLock,
  writeFileAtomic,
  backupBeside,
} from "./io";
import { stamp } from "./splitCommand";

export interface CloseOptions {
  asOf?: string;
  output?: string;
  inPlace?: boolean;
  dryRun?: boolean;
}

/**
 * What changed since the last period closed before `asOf` (or, when `asOf` is itself closed, since the one
 * before it); null when there is no earlier period.
 */
export function changesSinceLastPeriod(
  lp: LedgerPackage,
  snapshot: LedgerSnapshot,
  asOf: string,
): PeriodChanges | null {
  const recorded = recordedPeriods(lp);
  const earlier = closedPeriods(recorded).filter((p) => p < asOf);
  const previous = earlier[earlier.length - 1];
  if (!previous) return null;
  const closedNow = recorded.filter((r) => r.period === asOf);
  return periodChanges(
    recorded.filter((r) => r.period === previous),
    closedNow.length ? closedNow : periodRecords(snapshot, asOf),
  );
}

export async function closeCommand(file: string, opts: CloseOptions, now: Date): Promise<string> {
  if (opts.inPlace && opts.output)
    throw new CliError("-o 与 --in-place 只能选一个。\nChoose -o OUT or --in-place, not both.", 2);
  const target = realFile(path.resolve(file));
  const ext = /\.xlsm$/i.test(target) ? ".xlsm" : ".xlsx";
  const out = opts.inPlace
    ? target
    : path.resolve(opts.output ?? target.replace(/\.xls[xm]$/i, "") + `-已记录${ext}`);
  if (ext === ".xlsm" && /\.xlsx$/i.test(out))
    throw new CliError(
      `${target} 是带宏的工作簿（.xlsm），输出文件 ${out} 却是 .xlsx：Excel 会拒绝打开。请把输出文件名改为 .xlsm。` +
        "\nA macro-enabled workbook must be written as .xlsm.",
      2,
    );
  if (!opts.dryRun) {
    if (opts.inPlace && isReadOnlyFile(target))
      throw new CliError(`台账文件是只读的（${target}），没有写入。\nThe ledger is read-only.`, 2);
    if (!opts.inPlace && existsSync(out))
      throw new CliError(
        `输出文件已存在：${out}。请用 -o 指定新文件名（不会覆盖已有文件）。\nThe output file exists; choose another with -o.`,
        2,
      );
    if (!existsSync(path.dirname(out)))
      throw new CliError(describeWriteError(Object.assign(new Error(), { code: "ENOENT" }), out), 2);
    if (opts.inPlace && openElsewhere(target))
      throw new CliError(
        `台账正在 Excel/WPS/LibreOffice 中打开（${target}），没有写入。请保存并关闭后再试。\nThe ledger is open elsewhere.`,
        2,
      );
  }
  const run = async () => {
    const { bytes } = readUserFile(target);
    let lp: LedgerPackage;
    let snapshot: LedgerSnapshot;
    try {
      lp = openLedgerPackage(bytes);
      snapshot = snapshotOfPackage(lp);
    } catch (err) {
      if (err instanceof UnusableWorkbookError) throw new CliError(`${target}：${err.message}`, 2);
      throw err;
    }
    const choice = chooseAsOf(snapshot, {
      asOf: opts.asOf ? parseAsOf(opts.asOf) : undefined,
      today: isoDay(now),
    });
    const period = choice.asOf;
    const closed = closedPeriods(recordedPeriods(lp));
    const last = closed[closed.length - 1];
    if (last && period <= last)
      throw new CliError(
        `${describeAsOf(choice)}\n历次进展中已记录到 ${last} 期${closed.includes(period) ? `（${period} 期已记录）` : ""}：已记录的一期不再改写，也不能在其后补记更早的一期，没有写入。` +
          `如要记录新的一期，请先把“说明”中的统计截止日期改为本期的日期，或用 --as-of 指定。\nPeriod ${period} is not after the last recorded period ${last}; nothing written.`,
        1,
      );
    const records = periodRecords(snapshot, period);
    const tasks = records.filter((r) => r.kind === "任务").length;
    const changes = changesSinceLastPeriod(lp, snapshot, period);
    const lines = [
      describeAsOf(choice),
      `本期 ${period}：任务 ${tasks} 项、节点 ${records.length - tasks} 个的状态和进展情况记入“历次进展”。`,
      changes ? changesSentence(changes) : "这是第一次记录的一期，下一期起通报本期以来的变化。",
    ];
    if (opts.dryRun) return [`试运行（未写入任何文件）Dry run, nothing written:`, ...lines].join("\n");
    const patched = appendPeriod(lp, records, stamp(now));
    const diffs = verifyPackage(lp.pkg, patched.bytes, patched.allowed);
    if (diffs.length)
      throw new CliError(
        `记录后核对发现 ${diffs.length} 处不该改动的内容会被改变，已停止，没有写入：\n${diffs
          .slice(0, 20)
          .map((d) => `  ${d.part}：${d.what}`)
          .join("\n")}`,
        1,
      );
    if (opts.inPlace) {
      const bak = backupBeside(target, now);
      writeFileAtomic(target, patched.bytes, { keepModeOf: target });
      return [...lines, `已更新 Updated in place: ${target}（原文件备份为 ${bak}）`].join("\n");
    }
    writeFileAtomic(out, patched.bytes, { exclusive: true });
    return [...lines, `已写入 Written: ${out}（原文件未改动）`].join("\n");
  };
  return opts.dryRun ? run() : withFileLock(out, run);
}
