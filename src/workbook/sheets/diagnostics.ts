/**
 * 说明's last section: what the parser inferred or doubted while reading the plan (errors, warnings and
 * notes, with the plan's line), so the office sees it in the workbook and not only on a screen.
 */
import type { Diagnostic, Plan } from "../../plan";
import { diagnosticPlace } from "../../plan/places";
import type { SheetSpec } from "../spec";
import { WARNING_COLOURS } from "../styles";

const SEVERITY_NAME: Record<Diagnostic["severity"], string> = {
  error: "错误",
  warning: "警告",
  info: "说明",
};
const ORDER: Diagnostic["severity"][] = ["error", "warning", "info"];
const MAX_ROWS = 500;

/** Append the section below what the sheet holds; returns the row of its heading. */
export function appendParseDiagnostics(s: SheetSpec, plan: Plan): number {
  const start = s.rows.length + 2;
  const items = ORDER.flatMap((sev) => plan.diagnostics.filter((d) => d.severity === sev));
  const count = (sev: Diagnostic["severity"]) => items.filter((d) => d.severity === sev).length;
  s.rows.push(
    [],
    ["计划解析提示"],
    [
      items.length
        ? `读取计划时发现：错误 ${count("error")} 项、警告 ${count("warning")} 项、说明 ${count("info")} 项。请对照计划原文核对，必要时在“任务台账”中修改。`
        : "读取计划时未发现问题。",
    ],
  );
  s.merges.push(`A${start + 1}:C${start + 1}`);
  s.styles.push(
    { range: `A${start}`, style: { bold: true, fontSize: 12 } },
    { range: `A${start + 1}`, style: { wrap: true, fontColor: "FF595959" } },
  );
  if (!items.length) return start;
  s.rows.push(["级别", "计划原文位置", "内容"]);
  s.styles.push({ range: `A${start + 2}:C${start + 2}`, style: { bold: true, border: true } });
  // Errors and warnings come first; a plan of thousands of tasks does not bury 说明 under its notes.
  const shown = items.slice(0, MAX_ROWS);
  shown.forEach((d, i) => {
    const row = start + 3 + i;
    s.rows.push([SEVERITY_NAME[d.severity], diagnosticPlace(d) || "全文", d.message]);
    s.styles.push({ range: `C${row}`, style: { wrap: true } });
    if (d.severity !== "info")
      s.styles.push({
        range: `A${row}`,
        style: { ...(d.severity === "error" ? WARNING_COLOURS.red : WARNING_COLOURS.yellow), bold: true },
      });
  });
  if (items.length > shown.length)
    s.rows.push([
      "说明",
      "",
      `另有 ${items.length - shown.length} 项说明未列出；用命令行 plan-ledger parse 可查看全部解析提示。`,
    ]);
  return start;
}
