/** `plan-ledger validate FILE [--as-of] [--json] [--fix -o OUT]`: find, locate and explain bad entries. */
import { existsSync } from "fs";
import path from "path";
import type { LedgerIssue } from "../ledger/validate/issue";
import { validateLedger } from "../ledger/validate/validate";
import { fixInPlace } from "../render/xlsx/fixInPlace";
import { openLedgerPackage } from "../render/xlsx/package/ledgerPackage";
import { verifyPackage } from "../render/xlsx/package/verifyPackage";
import { snapshotOfPackage, UnusableWorkbookError } from "../render/xlsx/readXlsx";
import { describeAsOf } from "../ledger/context";
import { isoDay, parseAsOf } from "./dates";
import { CliError, readUserFile, writeFileAtomic } from "./io";

export interface ValidateCliOptions {
  asOf?: string;
  json?: boolean;
  fix?: boolean;
  output?: string;
}

export async function validateCommand(
  file: string,
  opts: ValidateCliOptions,
  now: Date,
): Promise<{ text: string; code: number; warnings: string[] }> {
  if (opts.fix && !opts.output)
    throw new CliError(
      "--fix 需要用 -o 指定新的输出文件（不会修改原文件）。\n--fix needs -o OUT (the input is never changed).",
      2,
    );
  const target = path.resolve(file);
  const out = opts.output ? path.resolve(opts.output) : null;
  if (out && out === target)
    throw new CliError(
      "-o 不能与输入文件相同：修正结果只写入新文件。\n-o must differ from the input file.",
      2,
    );
  if (out && /\.xlsm$/i.test(target) && /\.xlsx$/i.test(out))
    throw new CliError(
      `${target} 是带宏的工作簿（.xlsm），输出文件 ${out} 却是 .xlsx：Excel 会拒绝打开。请把输出文件名改为 .xlsm。` +
        "\nA macro-enabled workbook must be written as .xlsm.",
      2,
    );
  if (out && existsSync(out))
    throw new CliError(
      `输出文件已存在：${out}。请换一个文件名。\nThe output file exists; choose another name.`,
      2,
    );
  const { bytes } = readUserFile(target);
  try {
    const lp = openLedgerPackage(bytes);
    const result = validateLedger(snapshotOfPackage(lp), {
      asOf: opts.asOf ? parseAsOf(opts.asOf) : undefined,
      today: isoDay(now),
    });
    const errors = result.issues.filter((i) => i.severity === "error").length;
    const lines: string[] = [];
    if (opts.fix && out) {
      // The fixes are cell edits in place: everything else in the file keeps its bytes, checked before writing.
      const { bytes: fixed, allowed, changes } = fixInPlace(lp, result.issues);
      const diffs = verifyPackage(lp.pkg, fixed, allowed);
      if (diffs.length)
        throw new CliError(
          `修正后核对发现 ${diffs.length} 处不该改动的内容会被改变，已停止，没有写入：\n` +
            diffs
              .slice(0, 20)
              .map((d) => `  ${d.part}：${d.what}`)
              .join("\n"),
          1,
        );
      writeFileAtomic(out, fixed, { exclusive: true });
      lines.push(`已写入修正后的新文件 Fixed copy written: ${out}（原文件未改动）`);
      for (const c of changes) lines.push(`  ${c.sheet}!${c.cell}: “${c.from}” → “${c.to}”`);
      if (!changes.length) lines.push("  没有可自动修正的项目。");
      lines.push("");
    }
    const text = opts.json
      ? JSON.stringify(
          { asOf: result.asOf, asOfSource: result.asOfChoice.source, issues: result.issues.map(publicIssue) },
          null,
          2,
        )
      : [...lines, formatIssues(result.issues, describeAsOf(result.asOfChoice))].join("\n");
    return {
      text,
      code: errors ? 1 : 0,
      warnings: result.asOfChoice.warning ? [result.asOfChoice.warning] : [],
    };
  } catch (err) {
    if (err instanceof UnusableWorkbookError) throw new CliError(`${target}：${err.message}`, 2);
    throw err;
  }
}

function publicIssue(i: LedgerIssue) {
  const { sheet, cell, task, code, severity, message, value, suggestion } = i;
  return { sheet, cell, task, code, severity, message, value, suggestion };
}

export function formatIssues(issues: LedgerIssue[], asOfLine: string): string {
  const errors = issues.filter((i) => i.severity === "error");
  const warnings = issues.filter((i) => i.severity === "warning");
  const out = [asOfLine, `错误 Errors: ${errors.length}    警告 Warnings: ${warnings.length}`];
  for (const [title, list] of [
    ["错误（必须改正）", errors],
    ["警告（建议改正）", warnings],
  ] as const) {
    if (!list.length) continue;
    out.push("", `${title}:`);
    for (const i of list)
      out.push(`  ${i.sheet}!${i.cell}${i.task ? ` [任务${i.task}]` : ""} ${i.code}: ${i.message}`);
  }
  if (!issues.length) out.push("", "未发现问题。No problems found.");
  return out.join("\n");
}
