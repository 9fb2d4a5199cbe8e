/** `plan-ledger build [PLAN] [-o FILE] [--force] [--as-of DATE]`: write the ledger workbook. */
import { existsSync, writeFileSync } from "fs";
import path from "path";
import { writeXlsx } from "../render/xlsx/writeXlsx";
import { ledgerWorkbook } from "../workbook/ledgerWorkbook";
import { milestonesOf } from "../workbook/sheets/milestones";
import { lastDeadline } from "../workbook/taskCells";
import { CliError, describeFsError } from "./io";
import { checkParse, parseErrorLines, readPlanFile } from "./planFile";
import { isoDay, parseAsOf } from "./dates";

export interface BuildOptions {
  output?: string;
  force?: boolean;
  asOf?: string;
  /** Build even when the parse found errors (they are shown and written into 说明). */
  allowErrors?: boolean;
}

/** A file name from the plan title, safe on Windows: `聊城高新区…行动计划-台账.xlsx`. */
export function defaultLedgerName(title: string): string {
  const safe = title.replace(/[\\/:*?"<>|\s]+/g, "").slice(0, 60) || "计划";
  return `${safe}-台账.xlsx`;
}

export async function buildCommand(
  planFile: string | undefined,
  opts: BuildOptions,
  now: Date,
): Promise<{ file: string; summary: string; warnings: string[] }> {
  const { plan } = await readPlanFile(planFile, now);
  if (!plan.tasks.length) {
    throw new CliError(
      `${parseErrorLines(plan)}计划中没有找到任务，未生成台账。请先用 \`plan-ledger parse\` 查看解析结果。\nNo tasks found; no ledger written.`,
      1,
    );
  }
  const notes: string[] = [];
  checkParse(plan, opts.allowErrors, (s) => notes.push(s), { verb: "生成", writtenTo: "说明" });
  const asOf = opts.asOf ? parseAsOf(opts.asOf) : isoDay(now);
  const warnings: string[] = [];
  const latest = plan.tasks.reduce((m, t) => (lastDeadline(t) > m ? lastDeadline(t) : m), "");
  if (!opts.asOf && latest && latest < asOf) {
    warnings.push(
      `注意：计划的全部时限（最晚 ${latest}）都早于今天 ${asOf}，按今天统计将全部显示为逾期。` +
        `如为补建往年的台账，请用 --as-of 指定统计截止日期，例如 --as-of ${plan.year}-09-30；` +
        `也可以在生成后修改“说明”中的统计截止日期。\n` +
        `Every deadline of the plan (latest ${latest}) is before today; pass --as-of to build for a date in the plan year.`,
    );
  }
  const file = path.resolve(opts.output ?? defaultLedgerName(plan.title));
  if (existsSync(file) && !opts.force) {
    throw new CliError(
      `文件已存在：${file}\n为保护已填写的内容，不会覆盖。请用 -o 指定新文件名，或确认可以覆盖后加 --force。\nThe file exists; not overwritten. Use -o for a new name or --force to overwrite.`,
      2,
    );
  }
  const bytes = await writeXlsx(ledgerWorkbook(plan, { asOf }));
  try {
    writeFileSync(file, bytes);
  } catch (err) {
    throw new CliError(
      `无法写入 ${file}：${describeFsError(err)}。如文件正在 Excel/WPS 中打开，请先关闭。`,
      2,
    );
  }
  const milestones = milestonesOf(plan).length;
  const summary = [
    ...notes,
    `已生成台账 Ledger written: ${file}`,
    `  任务 ${plan.tasks.length} 项，时间节点 ${milestones} 个，单位 ${plan.units.length} 个`,
    `统计截止日期 As of: ${asOf}（${opts.asOf ? "--as-of 指定" : "今天；可用 --as-of 指定"}）`,
  ].join("\n");
  return { file, summary, warnings };
}
