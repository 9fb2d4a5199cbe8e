/** `plan-ledger build [PLAN] [-o FILE] [--force] [--as-of DATE]`: write the ledger workbook. */
import { existsSync, writeFileSync } from "fs";
import path from "path";
import { writeXlsx } from "../render/xlsx/writeXlsx";
import { ledgerWorkbook } from "../workbook/ledgerWorkbook";
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
): Promise<{ file: string; summary: string }> {
  const { plan } = await readPlanFile(planFile, now);
  if (!plan.tasks.length) {
    throw new CliError(
      `${parseErrorLines(plan)}计划中没有找到任务，未生成台账。请先用 \`plan-ledger parse\` 查看解析结果。\nNo tasks found; no ledger written.`,
      1,
    );
  }
  const notes: string[] = [];
  checkParse(plan, opts.allowErrors, (s) => notes.push(s), { verb: "生成", writes: true });
  const asOf = opts.asOf ? parseAsOf(opts.asOf) : isoDay(now);
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
  const milestones = plan.tasks.reduce((n, t) => n + t.deadlines.filter((d) => !d.inferred).length, 0);
  const summary = [
    ...notes,
    `已生成台账 Ledger written: ${file}`,
    `  任务 ${plan.tasks.length} 项，时间节点 ${milestones} 个，单位 ${plan.units.length} 个；统计截止日期 ${asOf}`,
  ].join("\n");
  return { file, summary };
}
