/**
 * `plan-ledger update FILE [--plan PLAN] [-o OUT | --in-place] [--dry-run] [--yes] [--as-of]`: bring a filled ledger
 * up to the plan by editing the file in place: only plan columns of matched rows, the plan-status mark of
 * tasks the plan dropped, new rows for new tasks, the hidden plan copy and the change log change. The new
 * file is compared with the old at the package level before it is written, atomically.
 * The as-of date is the workbook's 统计截止日期 unless `--as-of` is given, which is then written into 说明
 * (the dashboard computes for it); the first line of the output says which date was used and why.
 */
import { existsSync } from "fs";
import path from "path";
import { confirmAbove } from "../ledger/update/inPlace";
import { describeUpdate } from "../ledger/update/describe";
import { UnusableWorkbookError } from "../ledger/grid";
import { applyUpdate, prepareUpdate } from "../render/xlsx/updateInPlace";
import { verifyPackage } from "../render/xlsx/package/verifyPackage";
import { chooseAsOf, describeAsOf } from "../ledger/context";
import { isoDay, parseAsOf } from "./dates";
import {
  CliError,
  describeWriteError,
  openElsewhere,
  isReadOnlyFile,
  readUserFile,
  realFile,
  withFileLock,
  writeFileAtomic,
  backupBeside,
} from "./io";
import { checkParse, parseErrorLines, readPlanFile } from "./planFile";

export interface UpdateOptions {
  plan?: string;
  output?: string;
  inPlace?: boolean;
  dryRun?: boolean;
  /** Update even when the parse found errors (they are shown). */
  allowErrors?: boolean;
  yes?: boolean;
  /** The as-of date (`YYYY-MM-DD` or as `parseAsOf` reads it); written into 说明. */
  asOf?: string;
}

export interface UpdateResult {
  text: string;
  /** For stderr: the workbook's as-of date is missing or invalid. */
  warnings: string[];
}

const stamp = (d: Date) =>
  `${isoDay(d)} ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;

export async function updateCommand(file: string, opts: UpdateOptions, now: Date): Promise<UpdateResult> {
  if (opts.inPlace && opts.output)
    throw new CliError("-o 与 --in-place 只能选一个。\nChoose -o OUT or --in-place, not both.", 2);
  const optionAsOf = opts.asOf ? parseAsOf(opts.asOf) : undefined;
  const warnings: string[] = [];
  // Through a symbolic link to the real ledger: an in-place update must not replace the link by a copy.
  const target = realFile(path.resolve(file));
  const { plan } = await readPlanFile(opts.plan, now);
  if (!plan.tasks.length)
    throw new CliError(
      `${parseErrorLines(plan)}计划中没有找到任务，未更新台账。请用 \`plan-ledger parse\` 检查计划文件。`,
      1,
    );
  const notes: string[] = [];
  checkParse(plan, opts.allowErrors, (s) => notes.push(s), {
    verb: "更新",
    writtenTo: opts.dryRun ? null : "变更记录",
  });
  let asOfLine = "";
  const withNotes = (s: string) => [asOfLine, ...notes, s].filter(Boolean).join("\n");
  // A macro-enabled workbook keeps its .xlsm name: Excel refuses macro content under .xlsx.
  const ext = /\.xlsm$/i.test(target) ? ".xlsm" : ".xlsx";
  const out = opts.inPlace
    ? target
    : path.resolve(opts.output ?? target.replace(/\.xls[xm]$/i, "") + `-更新${ext}`);
  if (ext === ".xlsm" && /\.xlsx$/i.test(out))
    throw new CliError(
      `${target} 是带宏的工作簿（.xlsm），输出文件 ${out} 却是 .xlsx：Excel 会拒绝打开。请把输出文件名改为 .xlsm。` +
        "\nA macro-enabled workbook must be written as .xlsm.",
      2,
    );
  if (opts.inPlace && !opts.dryRun && isReadOnlyFile(target))
    throw new CliError(
      `台账文件是只读的（${target}），没有写入。如确需更新，请先在文件属性中取消“只读”，或用 -o 写到新文件。` +
        "\nThe ledger is read-only; nothing was written.",
      2,
    );
  if (!opts.inPlace && !opts.dryRun && existsSync(out))
    throw new CliError(
      `输出文件已存在：${out}。请用 -o 指定新文件名（不会覆盖已有文件）。\nThe output file exists; choose another with -o.`,
      2,
    );
  if (!opts.dryRun && !existsSync(path.dirname(out)))
    throw new CliError(describeWriteError(Object.assign(new Error(), { code: "ENOENT" }), out), 2);
  if (opts.inPlace && !opts.dryRun && openElsewhere(target))
    throw new CliError(
      `台账正在 Excel/WPS/LibreOffice 中打开（${target}），直接更新会与未保存的修改冲突，没有写入。请保存并关闭该文件后再试，或用 -o 写到新文件。` +
        "\nThe ledger is open in a spreadsheet program; close it first.",
      2,
    );
  const run = async () => {
    const { bytes } = readUserFile(target);
    try {
      const prepared = prepareUpdate(bytes, plan);
      const choice = chooseAsOf(
        { asOf: prepared.asOf, date1904: prepared.lp.ctx.date1904 },
        { asOf: optionAsOf, today: isoDay(now) },
      );
      if (choice.warning) warnings.push(choice.warning);
      asOfLine =
        describeAsOf(choice) +
        (choice.source === "option" ? (opts.dryRun ? "，将写入“说明”" : "，已写入“说明”") : "");
      const u = prepared.update;
      const report = describeUpdate(u.changes, u.ambiguous);
      if (opts.dryRun) return withNotes(`试运行（未写入任何文件）Dry run, nothing written:\n${report}`);
      if (u.ambiguous.length && !opts.yes)
        throw new CliError(
          `${report}\n有 ${u.ambiguous.length} 处对应关系拿不准（见上面的 [请核对]），没有写入任何文件。` +
            "请核对这些任务：若按上面的处理无误，加上 --yes 再运行一次；否则先改正计划文件（例如恢复原标题）。" +
            `\n${u.ambiguous.length} task matches are uncertain (see [请核对]); check them, then run again with --yes.`,
          1,
        );
      const limit = confirmAbove(prepared.ledger.rows.length);
      if (u.removed + u.renumbered > limit && !opts.yes)
        throw new CliError(
          `${report.split("\n")[0]}\n${u.ambiguous.map((a) => `  [请核对] ${a}`).join("\n")}\n这次更新会移除 ${u.removed} 项任务、给 ${u.renumbered} 项任务重新编号，超过 ${limit} 项：请确认计划文件没有选错。` +
            "确认无误后加上 --yes 再运行一次（移除的任务仍留在原行，填写内容不会丢失）。没有写入任何文件。" +
            `\nThis update removes ${u.removed} and renumbers ${u.renumbered} tasks; check the plan file, then run again with --yes.`,
          1,
        );
      // Cached results (预警 and list keys of new rows) are computed for the date used; only an explicit
      // --as-of changes the workbook's own date (a missing one stays missing, with the warning above).
      const patched = applyUpdate(prepared, plan, stamp(now), {
        date: choice.asOf,
        write: choice.source === "option",
      });
      const diffs = verifyPackage(prepared.lp.pkg, patched.bytes, patched.allowed);
      if (diffs.length) {
        const list = diffs.slice(0, 20).map((d) => `  ${d.part}：${d.what}`);
        throw new CliError(
          `更新后核对发现 ${diffs.length} 处不该改动的内容会被改变，已停止，没有写入任何文件：\n${list.join("\n")}\n请把台账文件发给技术支持。`,
          1,
        );
      }
      if (opts.inPlace && !u.changes.length && choice.source !== "option")
        return withNotes(
          `${report}\n文件未改动，没有写入，也没有生成备份。Nothing changed; the file was not written.`,
        );
      if (opts.inPlace) {
        const bak = backupBeside(target, now);
        try {
          writeFileAtomic(target, patched.bytes, { keepModeOf: target });
        } catch (err) {
          if (err instanceof CliError)
            throw new CliError(`${err.message}\n原文件未改动；备份在 ${bak}。`, err.exitCode);
          throw err;
        }
        return withNotes(
          `${report}\n变更记录写在工作表“${patched.logSheet}”。\n已更新 Updated in place: ${target}（原文件备份为 ${bak}）`,
        );
      }
      writeFileAtomic(out, patched.bytes, { exclusive: true });
      return withNotes(
        `${report}\n变更记录写在工作表“${patched.logSheet}”。\n已写入 Written: ${out}（原文件未改动）`,
      );
    } catch (err) {
      if (err instanceof UnusableWorkbookError) throw new CliError(`${target}：${err.message}`, 2);
      throw err;
    }
  };
  // The lock sits beside the file written: with -o the ledger's own folder may be read-only.
  const text = await (opts.dryRun ? run() : withFileLock(out, run));
  return { text, warnings };
}
