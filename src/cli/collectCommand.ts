/**
 * `plan-ledger collect MASTER RETURNED… [-o OUT | --in-place] [--dry-run]`: staff entries from the units'
 * returned copies brought into the master by task and milestone number. Only entries changed in a return
 * alone are taken; conflicts, rejected and ignored rows are listed and left as the master has them. The
 * master is edited in place (only the cells taken and the 来源记录 sheet), checked, and written atomically.
 */
import path from "path";
import { UnusableWorkbookError } from "../ledger/grid";
import {
  describeCollect,
  planCollect,
  SOURCE_HEADERS,
  sourceRecords,
  type ReturnedFile,
} from "../ledger/round";
import { chooseAsOf } from "../ledger/context";
import { applyCollect, readReturnedCopy } from "../render/xlsx/collectReturns";
import { openLedgerPackage } from "../render/xlsx/package/ledgerPackage";
import { roundRecordsOf, writeRoundSection } from "../render/xlsx/roundSection";
import { withTaken } from "../ledger/round/sectionPlan";
import { snapshotOfPackage } from "../render/xlsx/readXlsx";
import { isoDay } from "./dates";
import { CliError, readUserFile, realFile } from "./io";
import { patchOrRefuse, patchTarget, runPatch, verifyPatch, writePatch } from "./patchRunner";
import { stamp } from "./splitCommand";

export interface CollectOptions {
  output?: string;
  inPlace?: boolean;
  dryRun?: boolean;
}

export async function collectCommand(
  master: string,
  returned: string[],
  opts: CollectOptions,
  now: Date,
): Promise<{ text: string; code: number }> {
  if (!returned.length)
    throw new CliError(
      "请在总台账后面列出收回的报送表，例如 `plan-ledger collect 台账.xlsx 收回/*.xlsx`。\nName the returned files after the master.",
      2,
    );
  const t = patchTarget(master, opts, { noun: "总台账", suffix: "已收集", command: "collect" });
  const { target } = t;
  const run = async () => {
    const { bytes } = readUserFile(target);
    let lp: ReturnType<typeof openLedgerPackage>;
    let snapshot: ReturnType<typeof snapshotOfPackage>;
    try {
      lp = openLedgerPackage(bytes);
      snapshot = snapshotOfPackage(lp);
    } catch (err) {
      if (err instanceof UnusableWorkbookError) throw new CliError(`${target}：${err.message}`, 2);
      throw err;
    }
    const read: ReturnedFile[] = [];
    for (const f of returned) {
      const file = path.basename(f);
      if (realFile(path.resolve(f)) === target) {
        read.push({ file, unusable: "这是总台账本身，不是报送表。" });
        continue;
      }
      try {
        read.push({ file, copy: readReturnedCopy(readUserFile(f).bytes) });
      } catch (err) {
        if (err instanceof UnusableWorkbookError || err instanceof CliError)
          read.push({ file, unusable: err.message });
        else throw err;
      }
    }
    const before = roundRecordsOf(lp);
    // Returns collected earlier in the same round count: late returns are collected on their own.
    const { outcome } = planCollect(
      snapshot,
      read,
      chooseAsOf(snapshot, { today: isoDay(now) }).asOf,
      before.sources,
      before.periods.map((p) => p.period),
    );
    const { merge, unusable } = outcome;
    const report = describeCollect(outcome);
    const attention =
      merge.conflicts.length + merge.rejected.length + unusable.length > 0 ||
      outcome.newerRound ||
      outcome.periodClosed ||
      outcome.ledgerAsOf
        ? 1
        : 0;
    if (opts.dryRun)
      return { text: `试运行（未写入任何文件）Dry run, nothing written:\n${report}`, code: attention };
    const records = sourceRecords(outcome, stamp(now));
    const asText = records.map((r) => r.map((c) => (c === null ? "" : String(c))));
    const patched = patchOrRefuse(target, () =>
      applyCollect(lp, merge.taken, records, (pkg, allowed, sheet) =>
        writeRoundSection(
          lp,
          pkg,
          allowed,
          withTaken(snapshot, merge.taken),
          {
            ...before,
            sources: [...(before.sources.length ? before.sources : [[...SOURCE_HEADERS]]), ...asText],
            sourcesSheet: sheet,
          },
          isoDay(now),
        ),
      ),
    );
    verifyPatch(lp.pkg, patched, "收集", "请把总台账和报送表发给技术支持。");
    const where = `来源写在工作表“${patched.sourcesSheet}”。`;
    return { text: `${report}\n\n${where}\n${writePatch(t, patched.bytes, now)}`, code: attention };
  };
  return runPatch(t, run);
}
