/**
 * `plan-ledger update FILE [--plan PLAN] [-o OUT | --in-place] [--dry-run]`: bring a filled ledger up to the
 * plan (revised or not) without losing an entry. Writes a new file unless --in-place, which keeps a .bak
 * first; the new workbook is read back and checked against the old one before anything is written.
 */
import { copyFileSync, existsSync, writeFileSync } from "fs";
import path from "path";
import { describeChanges } from "../ledger/update/describe";
import { reconcile } from "../ledger/update/reconcile";
import { verifyUpdate } from "../ledger/update/verify";
import { bytesOf, renderInto } from "../render/xlsx/writeXlsx";
import { existingOf, loadWorkbook, UnusableWorkbookError } from "../render/xlsx/readXlsx";
import { ledgerWorkbook } from "../workbook/ledgerWorkbook";
import { isoDay } from "./dates";
import { CliError, readUserFile } from "./io";
import { checkParse, parseErrorLines, readPlanFile } from "./planFile";

export interface UpdateOptions {
  plan?: string;
  output?: string;
  inPlace?: boolean;
  dryRun?: boolean;
  /** Update even when the parse found errors (they are shown and written into 说明). */
  allowErrors?: boolean;
}

const stamp = (d: Date) =>
  `${isoDay(d)} ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;

export async function updateCommand(file: string, opts: UpdateOptions, now: Date): Promise<string> {
  if (opts.inPlace && opts.output)
    throw new CliError("-o 与 --in-place 只能选一个。\nChoose -o OUT or --in-place, not both.", 2);
  const target = path.resolve(file);
  const { bytes } = readUserFile(target);
  const { plan } = await readPlanFile(opts.plan, now);
  if (!plan.tasks.length)
    throw new CliError(
      `${parseErrorLines(plan)}计划中没有找到任务，未更新台账。请用 \`plan-ledger parse\` 检查计划文件。`,
      1,
    );
  const notes: string[] = [];
  checkParse(plan, opts.allowErrors, (s) => notes.push(s), { verb: "更新", writes: !opts.dryRun });
  const withNotes = (s: string) => [...notes, s].join("\n");
  const out = opts.inPlace
    ? target
    : path.resolve(opts.output ?? target.replace(/\.xlsx$/i, "") + "-更新.xlsx");
  if (!opts.inPlace && !opts.dryRun && existsSync(out)) {
    throw new CliError(
      `输出文件已存在：${out}。请用 -o 指定新文件名（不会覆盖已有文件）。\nThe output file exists; choose another with -o.`,
      2,
    );
  }
  try {
    const wb = await loadWorkbook(bytes);
    const before = existingOf(wb);
    const merged = reconcile(plan, before, stamp(now));
    const report = describeChanges(merged);
    if (opts.dryRun) return withNotes(`试运行（未写入任何文件）Dry run, nothing written:\n${report}`);
    const asOf = isoDay(now);
    renderInto(wb, ledgerWorkbook(plan, { asOf, merged }));
    const result = await bytesOf(wb);
    const losses = verifyUpdate(before, merged, existingOf(await loadWorkbook(result)));
    if (losses.length) {
      const list = losses
        .slice(0, 20)
        .map((l) => `  ${l.sheet} ${l.id} ${l.field}：“${l.before}” → “${l.after}”`);
      throw new CliError(
        `更新后核对发现 ${losses.length} 处填写内容会被改变，已停止，没有写入任何文件：\n${list.join("\n")}\n请把台账文件发给技术支持。`,
        1,
      );
    }
    if (opts.inPlace) {
      const bak = existsSync(`${target}.bak`)
        ? `${target}.${isoDay(now)}-${now.getTime()}.bak`
        : `${target}.bak`;
      copyFileSync(target, bak);
      writeFileSync(target, result);
      return withNotes(`${report}\n已更新 Updated in place: ${target}（原文件备份为 ${bak}）`);
    }
    writeFileSync(out, result);
    return withNotes(`${report}\n已写入 Written: ${out}（原文件未改动）`);
  } catch (err) {
    if (err instanceof UnusableWorkbookError) throw new CliError(`${target}：${err.message}`, 2);
    throw err;
  }
}
