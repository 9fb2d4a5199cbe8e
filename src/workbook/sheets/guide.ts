/** 说明: what the workbook is, how to use it, the legend, and the as-of date every formula reads. */
import type { Plan } from "../../plan";
import { AS_OF_NAME, DUE_SOON_DAYS, SHEETS } from "../../ledger/vocabulary";
import { date, emptySheet, formula, type SheetSpec } from "../spec";
import { DATE_FORMAT, WARNING_COLOURS } from "../styles";

import { progressStart } from "../../dashboard/summary";
import { ALIAS_ROWS, ALIAS_UNIT_ROWS } from "../../ledger/aliases";
import { appendParseDiagnostics } from "./diagnostics";

/** Where the as-of date lives. */
export const AS_OF_CELL = { sheet: SHEETS.guide, address: "B4", ref: `${SHEETS.guide}!$B$4` } as const;
/**
 * What every formula reads (the name 统计截止日期 refers here): the date in B4, or today while B4 is
 * empty or not a date, as the commands do (they warn). A hidden cell beside it, so staff enter the date
 * in B4 as before and a cleared date never makes the formulas compute for day 0.
 */
export const AS_OF_VALUE = {
  address: "D4",
  ref: `${SHEETS.guide}!$D$4`,
  formula: "IF(ISNUMBER($B$4),$B$4,TODAY())",
} as const;

export function guideSheet(plan: Plan, asOf: string): SheetSpec {
  const s = emptySheet(SHEETS.guide);
  s.tabColor = "FF4472C4";
  s.columns = [{ width: 16 }, { width: 22 }, { width: 70 }, { width: 12, hidden: true }];
  const legendRow = 19;
  s.rows = [
    [`《${plan.title}》工作台账`],
    [
      `来源：计划原文${plan.published ? `（发布日期 ${plan.published}）` : ""}；${plan.domains.length}个领域、${plan.tasks.length}项任务；由台账助手 PlanLedger 生成。`,
    ],
    [],
    [
      AS_OF_NAME,
      date(asOf),
      "← 统计截止日期：修改此日期，所有“预警”和仪表盘随之重新计算。留空（或不是日期）时按今天计算，plan-ledger 的命令也按今天计算并提示。",
      formula(AS_OF_VALUE.formula, isoSerial(asOf)),
    ],
    [],
    ["使用说明"],
    [
      "1",
      "任务台账",
      "每项任务一行。蓝色表头的列来自计划原文，请勿随意修改；黄色表头的列由各单位填写。" +
        "“计划状态”列由台账助手填写：计划修订后删除的任务标为“已移除”、划线显示，留在原行，不再计入任何统计。" +
        "请勿手工填写：手工填写的内容（如多一个空格的“已移除 ”）不会使该行不计入统计，“校验”会指出。",
    ],
    ["2", "状态", "从下拉列表选择：未启动、推进中、已完成。"],
    ["3", "完成日期", "任务完成后填写实际完成日期（日期格式，如 2022-07-31）。"],
    ["4", "进展情况", "简要填写本月进展、存在困难及下一步措施。"],
    ["5", "佐证材料", "填写材料名称或存放位置。"],
    [
      "6",
      "时间节点",
      "只有写明两个及以上时限的任务才有节点（如 12-1、12-2，最后一个节点的时限就是任务的时限），按节点填写状态和完成日期。" +
        "只写明一个时限的任务没有单独的节点，在任务台账中标一次“已完成”即可。任务标为已完成时，它的节点也应全部标为已完成；“校验”会指出不一致之处。",
    ],
    [
      "7",
      "单位",
      `计划涉及的单位名录。单位有其他叫法时，在“别名”列填写，多个用逗号或顿号分隔（个数不限，“单位”表前${ALIAS_UNIT_ROWS}行、合计前${ALIAS_ROWS}个别名计入统计，超出的“校验”会提示）：台账中写别名的任务按该单位统计；“校验 --fix”可把别名统一改为全称。`,
    ],
    [
      "8",
      "完成时限",
      `计划未写明时限的任务按计划年度年底（${plan.year}年12月31日）计，时限说明中注明“未写明”。`,
    ],
    [
      "9",
      "仪表盘",
      `全部为实时公式（Excel 2016 及以上、WPS、LibreOffice 均可，无需加载项）：修改统计截止日期或台账后，数字、逾期与临期清单和通报文字随之更新，与 plan-ledger summary 的结果逐字一致。` +
        `临期统一指${DUE_SOON_DAYS}天内（含当天）到期、尚未完成。序时进度 = 从${progressStart(plan.year, plan.published) === `${plan.year}-01-01` ? `${plan.year}年1月1日` : `计划发布日（${plan.published}）`}到${plan.year}年12月31日这段时间中已经过去的比例（含统计截止日当天）。`,
    ],
    [],
    ["状态说明"],
    ["未启动 / 推进中 / 已完成", "", "已完成的任务请同时填写完成日期。"],
    ["预警说明"],
    ["逾期", "", "未完成且已过完成时限。"],
    ["逾期完成", "", "已完成，但完成日期晚于完成时限。"],
    ["临期", "", `未完成，距完成时限不超过${DUE_SOON_DAYS}天。`],
    ["正常", "", `未完成，距完成时限超过${DUE_SOON_DAYS}天。`],
    ["已完成", "", "按时完成。"],
    ["时限非日期", "", "完成时限不是日期（如“年底”或以文字输入的日期），无法计算预警，请改为日期。"],
  ];
  s.merges = ["A1:C1", "A2:C2"];
  s.styles = [
    { range: "A1", style: { bold: true, fontSize: 16 } },
    { range: "A2", style: { wrap: true, fontColor: "FF595959" } },
    { range: "A4", style: { bold: true } },
    {
      range: "B4",
      style: { numFmt: DATE_FORMAT, fill: "FFFFE699", bold: true, border: true, horizontal: "center" },
    },
    { range: "C4", style: { fontColor: "FF7F6000", wrap: true } },
    { range: "D4", style: { numFmt: DATE_FORMAT } },
    { range: "A6", style: { bold: true, fontSize: 12 } },
    { range: "A17", style: { bold: true, fontSize: 12 } },
    { range: `A${legendRow}`, style: { bold: true, fontSize: 12 } },
    { range: "A7:B15", style: { vertical: "top" } },
    { range: "C7:C15", style: { wrap: true, vertical: "top" } },
    { range: `A${legendRow + 1}`, style: { ...WARNING_COLOURS.red, bold: true } },
    { range: `A${legendRow + 2}`, style: { ...WARNING_COLOURS.orange, bold: true } },
    { range: `A${legendRow + 3}`, style: { ...WARNING_COLOURS.yellow, bold: true } },
    { range: `A${legendRow + 4}`, style: { ...WARNING_COLOURS.blue, bold: true } },
    { range: `A${legendRow + 5}`, style: { ...WARNING_COLOURS.green, bold: true } },
  ];
  s.rowHeights = { 1: 28, 2: 30, 4: 30, 7: 44, 12: 56, 13: 42, 15: 70 };
  s.print = { paper: "A4", landscape: false, fitToWidth: true };
  s.validations = [
    {
      range: "B4",
      rule: { type: "date", min: `${plan.year - 1}-01-01`, max: `${plan.year + 5}-12-31` },
      allowBlank: false,
      prompt: { title: "统计截止日期", message: "输入日期，如 2022-09-30。预警和仪表盘按此日期计算。" },
      error: { title: "请输入日期", message: "统计截止日期必须是日期，如 2022-09-30。" },
    },
  ];
  appendParseDiagnostics(s, plan);
  return s;
}

/** The spreadsheet serial of an ISO date (1900 system), the cached result of `AS_OF_VALUE`. */
const isoSerial = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000 + 25569;
