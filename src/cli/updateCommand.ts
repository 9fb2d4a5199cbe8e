/**
 * `plan-ledger update FILE [--plan PLAN] [-o OUT | --in-place] [--dry-run] [--yes] [--as-of]`: bring a filled ledger
 * up to the plan by editing the file in place: only plan columns of matched rows, the plan-status mark of
 * tasks the plan dropped, new rows for new tasks, the hidden plan copy and the change log change. The new
 * file is compared with the old at the package level before it is written, atomically.
 * The as-of date is the workbook's 统计截止日期 unless `--as-of` is given, which is then written into 说明
 * (the dashboard computes for it); the first line of the output says which date was used and why.
 */
import { confirmAbove } from "../ledger/update/inPlace";
import { describeUpdate } from "../ledger/update/describe";
import { UnusableWorkbookError } from "../ledger/grid";
import { applyUpdate, prepareUpdate } from "../render/xlsx/updateInPlace";
import { describeRefresh } from "../workbook/refreshOwned";
import { chooseAsOf, describeAsOf } from "../ledger/context";
import { isoDay, parseAsOf } from "./dates";
import { CliError, readUserFile } from "./io";
import { patchTarget, runPatch, verifyPatch, writePatch } from "./patchRunner";
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
  const t = patchTarget(file, opts, { noun: "台账", suffix: "更新", command: "update" });
  const { target } = t;
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
      verifyPatch(prepared.lp.pkg, patched, "更新");
      const refreshed = describeRefresh(patched.refreshed)
        .map((s) => `${s}\n`)
        .join("");
      const refreshes = patched.refreshed.dashboard.length + patched.refreshed.guide.length;
      if (opts.inPlace && !u.changes.length && !refreshes && choice.source !== "option")
        return withNotes(
          `${report}\n${refreshed}文件未改动，没有写入，也没有生成备份。Nothing changed; the file was not written.`,
        );
      const written = writePatch(t, patched.bytes, now);
      return withNotes(`${report}\n${refreshed}变更记录写在工作表“${patched.logSheet}”。\n${written}`);
    } catch (err) {
      if (err instanceof UnusableWorkbookError) throw new CliError(`${target}：${err.message}`, 2);
      throw err;
    }
  };
  const text = await runPatch(t, run);
  return { text, warnings };
}
