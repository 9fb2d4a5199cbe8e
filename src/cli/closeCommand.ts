/**
 * `plan-ledger close MASTER [--as-of D] [-o OUT | --in-place] [--dry-run]`: the period at its as-of date
 * recorded in 历次进展 (each task's and milestone's status, completion date, 预警 and progress note). A period
 * is recorded once: closing it again, or closing an earlier one after it, is refused.
 */
import { chooseAsOf, describeAsOf } from "../ledger/context";
import { UnusableWorkbookError } from "../ledger/grid";
import type { LedgerSnapshot } from "../ledger/snapshot";
import {
  changesAt,
  changesSentence,
  closedPeriods,
  periodRecords,
  type PeriodChanges,
} from "../ledger/round";
import { appendPeriod, periodsSheetTarget, recordedPeriods } from "../render/xlsx/closePeriod";
import { roundRecordsOf, writeRoundSection } from "../render/xlsx/roundSection";
import { openLedgerPackage, type LedgerPackage } from "../render/xlsx/package/ledgerPackage";
import { snapshotOfPackage } from "../render/xlsx/readXlsx";
import { isoDay, parseAsOf } from "./dates";
import { CliError, readUserFile } from "./io";
import { patchOrRefuse, patchTarget, runPatch, verifyPatch, writePatch } from "./patchRunner";
import { stamp } from "./splitCommand";

export interface CloseOptions {
  asOf?: string;
  output?: string;
  inPlace?: boolean;
  dryRun?: boolean;
}

/** What changed since the last period recorded before `asOf` (see `changesAt`). */
export function changesSinceLastPeriod(
  lp: LedgerPackage,
  snapshot: LedgerSnapshot,
  asOf: string,
): PeriodChanges | null {
  return changesAt(recordedPeriods(lp), asOf, () => periodRecords(snapshot, asOf));
}

export async function closeCommand(file: string, opts: CloseOptions, now: Date): Promise<string> {
  const t = patchTarget(file, opts, { noun: "台账", suffix: "已记录", command: "close" });
  const { target } = t;
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
      `本期 ${period}：任务 ${tasks} 项、节点 ${records.length - tasks} 个的状态和进展情况记入工作表“${periodsSheetTarget(lp)}”。`,
      changes ? changesSentence(changes) : "这是第一次记录的一期，下一期起通报本期以来的变化。",
    ];
    if (opts.dryRun) return [`试运行（未写入任何文件）Dry run, nothing written:`, ...lines].join("\n");
    const before = roundRecordsOf(lp);
    const patched = patchOrRefuse(target, () =>
      appendPeriod(lp, records, stamp(now), (pkg, allowed, sheet) =>
        writeRoundSection(
          lp,
          pkg,
          allowed,
          snapshot,
          { ...before, periods: [...before.periods, ...records], periodsSheet: sheet },
          isoDay(now),
        ),
      ),
    );
    verifyPatch(lp.pkg, patched, "记录");
    return [...lines, writePatch(t, patched.bytes, now)].join("\n");
  };
  return runPatch(t, run);
}
