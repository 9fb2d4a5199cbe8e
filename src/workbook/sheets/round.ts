/**
 * A unit's copy for the monthly round: 填报说明, its rows of 任务台账 and 时间节点 (the ledger's own layout:
 * same columns, dropdowns, date rules and 预警), and the hidden 报送信息 saying which master and round it
 * belongs to and what every staff cell held when it was sent. Plan columns are locked; staff columns are not.
 */
import type { Plan } from "../../plan";
import { AS_OF_NAME, SHEET_MARKERS, SHEETS, STATUSES } from "../../ledger/vocabulary";
import {
  BASELINE_HEADERS,
  MARKER_LABELS,
  ROUND_MARKERS,
  ROUND_SHEETS,
  type RoundMarker,
} from "../../ledger/round/identity";
import { ROUND_MILESTONE_COLUMNS, ROUND_TASK_COLUMNS, type BaselineEntry } from "../../ledger/round/share";
import type { Kept } from "../kept";
import { colLetter, date, emptySheet, type Cell, type SheetSpec, type WorkbookSpec } from "../spec";
import { ledgerSheet, LEDGER_COLUMNS } from "./ledger";
import { milestonesSheet, MILESTONE_COLUMNS } from "./milestones";

/** Where the copy keeps its as-of date (the round), read by every 预警 formula. */
export const RETURN_AS_OF = { address: "B4", ref: `'${ROUND_SHEETS.instructions}'!$B$4` } as const;

export interface ReturnCopyInput {
  marker: RoundMarker;
  plan: { title: string; published: string | null; year: number };
  tasks: Record<string, Kept>[];
  milestones: Record<string, Kept>[];
  baseline: BaselineEntry[];
}

/** The cells staff may edit on a protected sheet. */
export interface SheetLock {
  sheet: string;
  unlocked: string[];
}

export interface ReturnCopy {
  spec: WorkbookSpec;
  locks: SheetLock[];
}

const unlockedRanges = (headers: string[], staff: readonly string[], rows: number): string[] =>
  rows
    ? headers
        .map((h, i) => (staff.includes(h) ? `${colLetter(i + 1)}2:${colLetter(i + 1)}${rows + 1}` : ""))
        .filter(Boolean)
    : [];

export function returnCopy(input: ReturnCopyInput): ReturnCopy {
  const plan = { ...input.plan, domains: [], tasks: [], units: [], diagnostics: [] } as Plan;
  const round = input.marker.round;
  const sheets: SheetSpec[] = [instructionsSheet(input)];
  const locks: SheetLock[] = [];
  const ledger = ledgerSheet(plan, round, input.tasks);
  sheets.push(ledger);
  locks.push({
    sheet: ledger.name,
    unlocked: unlockedRanges(
      LEDGER_COLUMNS.map((c) => c.header),
      ROUND_TASK_COLUMNS,
      input.tasks.length,
    ),
  });
  const names: WorkbookSpec["names"] = [
    { name: AS_OF_NAME, ref: RETURN_AS_OF.ref },
    { name: SHEET_MARKERS.ledger, ref: `'${SHEETS.ledger}'!$A$1` },
    { name: ROUND_MARKERS.info, ref: `'${ROUND_SHEETS.info}'!$A$1` },
  ];
  if (input.milestones.length) {
    const ms = milestonesSheet(plan, round, input.milestones);
    sheets.push(ms);
    locks.push({
      sheet: ms.name,
      unlocked: unlockedRanges(
        MILESTONE_COLUMNS.map((c) => c.header),
        ROUND_MILESTONE_COLUMNS,
        input.milestones.length,
      ),
    });
    names.push({ name: SHEET_MARKERS.milestones, ref: `'${SHEETS.milestones}'!$A$1` });
  }
  sheets.push(infoSheet(input.marker, input.baseline));
  return { spec: { sheets, names }, locks };
}

function instructionsSheet(input: ReturnCopyInput): SheetSpec {
  const { marker } = input;
  const s = emptySheet(ROUND_SHEETS.instructions);
  s.tabColor = "FF4472C4";
  s.columns = [{ width: 16 }, { width: 22 }, { width: 70 }];
  s.rows = [
    [`《${marker.title}》进展报送表`],
    [`报送单位：${marker.unit}`],
    [`本单位牵头的任务 ${input.tasks.length} 项、时间节点 ${input.milestones.length} 个。`],
    [AS_OF_NAME, date(marker.round), "← 本轮统计截止日期（报送轮次），请勿修改。"],
    [],
    ["填报说明"],
    [
      "1",
      "填写哪些列",
      `黄色表头的列由本单位填写：${ROUND_TASK_COLUMNS.join("、")}；蓝色表头的列来自计划原文，已锁定。`,
    ],
    ["2", "状态", `从下拉列表选择：${STATUSES.join("、")}。已完成的请同时填写完成日期。`],
    ["3", "完成日期", "填写实际完成日期（日期格式，如 2022-07-31），不能晚于统计截止日期。"],
    ["4", "进展情况", "简要填写本期进展、存在困难及下一步措施。"],
    ["5", "时间节点", "有时间节点的任务，请在“时间节点”表中逐个填写节点的状态和完成日期。"],
    [
      "6",
      "报送",
      "填好后保存，把本文件发回协调办公室。文件可以改名，行可以排序或筛选，可以加列；请不要删除行或修改“序号”“节点编号”。",
    ],
    [],
    [
      "说明",
      "",
      "工作表保护没有密码，只为防止误改计划内容；隐藏的“报送信息”表用于把填写内容准确汇总回总台账，请勿修改或删除。",
    ],
  ] as Cell[][];
  s.styles = [
    { range: "A1", style: { bold: true, fontSize: 14 } },
    { range: "A6", style: { bold: true } },
    { range: "B4", style: { numFmt: "yyyy-mm-dd", bold: true } },
    { range: "C7:C14", style: { wrap: true, vertical: "top" } },
  ];
  s.rowHeights = { 7: 30, 12: 45, 14: 45 };
  return s;
}

/** 报送信息 (hidden): the round's marker, then every staff cell as it was sent. */
function infoSheet(marker: RoundMarker, baseline: BaselineEntry[]): SheetSpec {
  const s = emptySheet(ROUND_SHEETS.info);
  s.hidden = true;
  s.columns = [{ width: 24 }, { width: 14 }, { width: 60 }];
  const labels = Object.keys(MARKER_LABELS) as (keyof RoundMarker)[];
  s.rows = [
    ["台账助手报送信息（请勿修改）"],
    ...labels.map((k) => [MARKER_LABELS[k], marker[k]] as Cell[]),
    [],
    [...BASELINE_HEADERS],
    ...baseline.map((b) => [b.key, b.column, b.text === "" ? null : b.text] as Cell[]),
  ];
  return s;
}
