/**
 * `plan-ledger collect MASTER RETURNED… [-o OUT | --in-place] [--dry-run]`: staff entries from the units'
 * returned copies brought into the master by task and milestone number. Only entries changed in a return
 * alone are taken; conflicts, rejected and ignored rows are listed and left as the master has them. The
 * master is edited in place (only the cells taken and the 来源记录 sheet), checked, and written atomically.
 */
import { existsSync } from "fs";
import path from "path";
import { UnusableWorkbookError } from "../ledger/grid";
import { describeCollect, planCollect, sourceRecords, type ReturnedFile } from "../ledger/round";
import { chooseAsOf } from "../ledger/context";
import { applyCollect, readReturnedCopy } from "../render/xlsx/collectReturns";
import { openLedgerPackage } from "../render/xlsx/package/ledgerPackage";
import { verifyPackage } from "../render/xlsx/package/verifyPackage";
import { snapshotOfPackage } from "../render/xlsx/readXlsx";
import { isoDay } from "./dates";
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
  if (opts.inPlace && opts.output)
    throw new CliError("-o 与 --in-place 只能选一个。\nChoose -o OUT or --in-place, not both.", 2);
  if (!returned.length)
    throw new CliError(
      "请在总台账后面列出收回的报送表，例如 `plan-ledger collect 台账.xlsx 收回/*.xlsx`。\nName the returned files after the master.",
      2,
    );
  const target = realFile(path.resolve(master));
  const ext = /\.xlsm$/i.test(target) ? ".xlsm" : ".xlsx";
  const out = opts.inPlace
    ? target
    : path.resolve(opts.output ?? target.replace(/\.xls[xm]$/i, "") + `-已收集${ext}`);
  if (ext === ".xlsm" && /\.xlsx$/i.test(out))
    throw new CliError(
      `${target} 是带宏的工作簿（.xlsm），输出文件 ${out} 却是 .xlsx：Excel 会拒绝打开。请把输出文件名改为 .xlsm。` +
        "\nA macro-enabled workbook must be written as .xlsm.",
      2,
    );
  if (!opts.dryRun) {
    if (opts.inPlace && isReadOnlyFile(target))
      throw new CliError(
        `总台账是只读的（${target}），没有写入。请先取消“只读”，或用 -o 写到新文件。\nThe master is read-only; nothing was written.`,
        2,
      );
    if (!opts.inPlace && existsSync(out))
      throw new CliError(
        `输出文件已存在：${out}。请用 -o 指定新文件名（不会覆盖已有文件）。\nThe output file exists; choose another with -o.`,
        2,
      );
    if (!existsSync(path.dirname(out)))
      throw new CliError(describeWriteError(Object.assign(new Error(), { code: "ENOENT" }), out), 2);
    if (opts.inPlace && openElsewhere(target))
      throw new CliError(
        `总台账正在 Excel/WPS/LibreOffice 中打开（${target}），没有写入。请保存并关闭后再试，或用 -o 写到新文件。\nThe master is open in a spreadsheet program; close it first.`,
        2,
      );
  }
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
    const { outcome } = planCollect(snapshot, read, chooseAsOf(snapshot, { today: isoDay(now) }).asOf);
    const { merge, unusable } = outcome;
    const report = describeCollect(outcome);
    const attention = merge.conflicts.length + merge.rejected.length + unusable.length > 0 ? 1 : 0;
    if (opts.dryRun)
      return { text: `试运行（未写入任何文件）Dry run, nothing written:\n${report}`, code: attention };
    const patched = applyCollect(lp, merge.taken, sourceRecords(outcome, stamp(now)));
    const diffs = verifyPackage(lp.pkg, patched.bytes, patched.allowed);
    if (diffs.length)
      throw new CliError(
        `收集后核对发现 ${diffs.length} 处不该改动的内容会被改变，已停止，没有写入任何文件：\n${diffs
          .slice(0, 20)
          .map((d) => `  ${d.part}：${d.what}`)
          .join("\n")}\n请把总台账和报送表发给技术支持。`,
        1,
      );
    const where = `来源写在工作表“${patched.sourcesSheet}”。`;
    if (opts.inPlace) {
      const bak = backupBeside(target, now);
      writeFileAtomic(target, patched.bytes, { keepModeOf: target });
      return {
        text: `${report}\n\n${where}\n已更新 Updated in place: ${target}（原文件备份为 ${bak}）`,
        code: attention,
      };
    }
    writeFileAtomic(out, patched.bytes, { exclusive: true });
    return { text: `${report}\n\n${where}\n已写入 Written: ${out}（原文件未改动）`, code: attention };
  };
  return opts.dryRun ? run() : withFileLock(out, run);
}
