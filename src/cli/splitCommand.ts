/**
 * `plan-ledger split FILE [-o DIR] [--as-of D]`: one copy per lead unit, named after the unit, for the
 * month's round. The master is only read.
 */
import { existsSync, mkdirSync } from "fs";
import path from "path";
import { chooseAsOf } from "../ledger/context";
import { unitFileNames } from "../ledger/round";
import { openLedgerPackage } from "../render/xlsx/package/ledgerPackage";
import { snapshotOfPackage, UnusableWorkbookError } from "../render/xlsx/readXlsx";
import { splitCopies } from "../render/xlsx/splitCopies";
import { isoDay, parseAsOf } from "./dates";
import { CliError, describeWriteError, readUserFile, writeFileAtomic } from "./io";

export interface SplitOptions {
  output?: string;
  asOf?: string;
}

export const stamp = (d: Date) =>
  `${isoDay(d)} ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;

export async function splitCommand(file: string, opts: SplitOptions, now: Date): Promise<string> {
  const { bytes, path: target } = readUserFile(file);
  const dir = path.resolve(
    opts.output ??
      path.join(path.dirname(target), `${path.basename(target).replace(/\.xls[xm]$/i, "")}-分发`),
  );
  try {
    const master = snapshotOfPackage(openLedgerPackage(bytes));
    const choice = chooseAsOf(master, {
      asOf: opts.asOf ? parseAsOf(opts.asOf) : undefined,
      today: isoDay(now),
    });
    const copies = await splitCopies(master, choice.asOf, stamp(now));
    if (!copies.length)
      throw new CliError(
        `${target}：任务台账中没有填写牵头单位的任务，没有可分发的内容。请检查“牵头单位”列。\nNo task has a lead unit; nothing to send.`,
        1,
      );
    const names = unitFileNames(copies.map((c) => c.unit));
    const taken = copies.map((c) => path.join(dir, names.get(c.unit)!)).filter((f) => existsSync(f));
    if (taken.length)
      throw new CliError(
        `输出文件夹中已有同名文件，没有覆盖：\n${taken.map((f) => `  ${f}`).join("\n")}\n请用 -o 指定新的文件夹，或先移走这些文件。\nFiles exist in the output folder; nothing was overwritten.`,
        2,
      );
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new CliError(describeWriteError(err, dir), 2);
    }
    for (const c of copies) writeFileAtomic(path.join(dir, names.get(c.unit)!), c.bytes, { exclusive: true });
    const noLead = master.ledger.rows.filter((r) => !String(r.cells["牵头单位"]?.value ?? "").trim());
    const lines = [
      `报送轮次（统计截止日期）Round: ${choice.asOf}${choice.source === "option" ? "（--as-of）" : choice.source === "workbook" ? "（工作簿“说明”中的日期）" : "（今天）"}`,
      `已分发 ${copies.length} 个单位的报送表到 ${dir}：`,
      ...copies.map((c) => `  ${names.get(c.unit)}  任务 ${c.tasks} 项，节点 ${c.milestones} 个`),
    ];
    if (noLead.length)
      lines.push(
        `注意：${noLead.length} 项任务没有填写牵头单位，没有分发给任何单位（${noLead
          .map((r) => r.cells["序号"]?.text ?? r.row)
          .join("、")}）。`,
      );
    if (choice.warning) lines.push(choice.warning);
    lines.push("", `收回后运行：plan-ledger collect ${path.basename(target)} 收回的文件…`);
    return lines.join("\n");
  } catch (err) {
    if (err instanceof UnusableWorkbookError) throw new CliError(`${target}：${err.message}`, 2);
    throw err;
  }
}
