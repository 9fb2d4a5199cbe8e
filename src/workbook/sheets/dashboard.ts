/**
 * 仪表盘: KPI block, 通报, per-domain / per-unit / per-month tables as live formulas over the ledger (the
 * engine's figures as cached results), the overdue and next-30-days lists as values of their as-of date,
 * and native charts sized for a slide.
 */
import { AS_OF_NAME, SHEETS } from "../../ledger/vocabulary";
import {
  countIf,
  domainGroup,
  dueInMonth,
  everyTask,
  rate,
  statusIs,
  timeProgressFormula,
  unitGroup,
  warningIs,
  type Group,
} from "../../dashboard/formulas";
import type { Figures, ListedItem, Summary } from "../../dashboard/summary";
import { textWidth } from "./columns";
import {
  colLetter,
  date,
  emptySheet,
  formula,
  type Cell,
  type ChartSpec,
  type SheetSpec,
  type StyledRange,
} from "../spec";
import { BODY_CENTER, BODY_TEXT, DATE_FORMAT, HEADER_PLAN, WARNING_COLOURS } from "../styles";

const TABLE_HEADERS = [
  "任务数",
  "已完成",
  "按期完成",
  "逾期完成",
  "推进中",
  "未启动",
  "逾期",
  "临期",
  "完成率",
  "按期完成率",
  "图表标签",
];
const PERCENT = "0.0%";
/** Lists beyond this length go to the ledger's filters: the dashboard is for meetings. */
const MAX_LISTED = 200;

export interface DashboardLayout {
  /** Rows of the per-domain table (first, last), for charts and tests. */
  domainRows: [number, number];
  unitRows: [number, number];
  monthRows: [number, number];
  kpiRow: number;
}

/** Formulas of one summary row (columns B–L) for a group, with the engine's figures as cached results. */
function groupRow(g: Group, r: number, f: Figures): Cell[] {
  return [
    formula(countIf(g), f.total),
    formula(countIf(g, ...statusIs("已完成")), f.done),
    formula(`C${r}-E${r}`, f.doneOnTime),
    formula(countIf(g, ...warningIs("逾期完成")), f.doneLate),
    formula(countIf(g, ...statusIs("推进中")), f.inProgress),
    formula(countIf(g, ...statusIs("未启动")), f.notStarted),
    formula(countIf(g, ...warningIs("逾期")), f.overdue),
    formula(countIf(g, ...warningIs("临期")), f.dueSoon),
    formula(rate(`C${r}`, `B${r}`), f.completionRate),
    formula(rate(`D${r}`, `C${r}`), f.onTimeRate),
  ];
}

const label = (r: number, name: string, overdue: number) =>
  formula(`A${r}&IF(H${r}>0,"（逾期"&H${r}&"）","")`, overdue > 0 ? `${name}（逾期${overdue}）` : name);

export function dashboardSheet(summary: Summary): { sheet: SheetSpec; layout: DashboardLayout } {
  const s = emptySheet(SHEETS.dashboard);
  s.tabColor = "FFC00000";
  s.columns = [{ width: 30 }, ...Array(10).fill({ width: 10 }), { width: 34 }];
  const rows: Cell[][] = [];
  const styles: StyledRange[] = [];
  const put = (r: number, cells: Cell[]) => (rows[r - 1] = cells);
  const header = (r: number, cells: string[]) => {
    put(r, cells);
    styles.push({ range: `A${r}:${colLetter(cells.length)}${r}`, style: HEADER_PLAN });
  };
  /** A section title, with an optional note beside it. */
  const title = (r: number, text: string, note?: string) => {
    put(r, note ? [text, note] : [text]);
    styles.push({ range: `A${r}`, style: { bold: true, fontSize: 12, fontColor: "FF1F3864" } });
  };
  const asOfNote = `（按 ${summary.asOf} 生成；修改统计截止日期后，请在加载项中点“刷新仪表盘”或重新运行 plan-ledger 更新此清单）`;

  put(1, ["工作进展仪表盘"]);
  styles.push({ range: "A1", style: { bold: true, fontSize: 16 } });
  put(2, ["统计截止日期", formula(AS_OF_NAME)]);
  styles.push({ range: "B2", style: { numFmt: DATE_FORMAT, bold: true, horizontal: "center" } });

  const kpiRow = 5;
  header(4, ["任务总数", "已完成", "完成率", "序时进度", "推进中", "未启动", "逾期未完成", "临期(15天内)"]);
  const o = summary.overall;
  put(kpiRow, [
    formula(countIf(everyTask), o.total),
    formula(countIf(everyTask, ...statusIs("已完成")), o.done),
    formula(rate(`B${kpiRow}`, `A${kpiRow}`), o.completionRate),
    formula(timeProgressFormula(summary.year), summary.timeProgress),
    formula(countIf(everyTask, ...statusIs("推进中")), o.inProgress),
    formula(countIf(everyTask, ...statusIs("未启动")), o.notStarted),
    formula(countIf(everyTask, ...warningIs("逾期")), o.overdue),
    formula(countIf(everyTask, ...warningIs("临期")), o.dueSoon),
  ]);
  styles.push({ range: `A${kpiRow}:H${kpiRow}`, style: { ...BODY_CENTER, bold: true, fontSize: 14 } });
  styles.push({
    range: `C${kpiRow}:D${kpiRow}`,
    style: { ...BODY_CENTER, bold: true, fontSize: 14, numFmt: PERCENT },
  });
  styles.push({
    range: `G${kpiRow}`,
    style: { ...BODY_CENTER, bold: true, fontSize: 14, ...WARNING_COLOURS.red },
  });
  styles.push({
    range: `H${kpiRow}`,
    style: { ...BODY_CENTER, bold: true, fontSize: 14, ...WARNING_COLOURS.yellow },
  });

  const heights: Record<number, number> = { 1: 28, 5: 26 };
  put(7, ["通报", summary.bulletin]);
  heights[7] = Math.max(2, Math.ceil(textWidth(summary.bulletin) / 128)) * 13.5 + 4;
  s.merges.push("B7:L7");
  styles.push({ range: "A7", style: { bold: true, vertical: "top" } });
  styles.push({ range: "B7", style: { wrap: true, vertical: "top" } });
  put(8, ["", `（通报${asOfNote}）`]);
  styles.push({ range: "B8", style: { fontColor: "FF7F7F7F" } });

  let r = 10;
  const table = (
    name: string,
    items: ({ name: string } & Figures)[],
    group: (cell: string) => Group,
  ): [number, number] => {
    title(r++, name);
    header(r++, [name.replace(/^按/, ""), ...TABLE_HEADERS]);
    const first = r;
    for (const it of items) {
      put(r, [it.name, ...groupRow(group(`$A${r}`), r, it), label(r, it.name, it.overdue)]);
      r++;
    }
    const last = r - 1;
    if (last >= first) {
      styles.push(
        { range: `A${first}:A${last}`, style: BODY_TEXT },
        { range: `B${first}:I${last}`, style: BODY_CENTER },
      );
      styles.push({ range: `J${first}:K${last}`, style: { ...BODY_CENTER, numFmt: PERCENT } });
      styles.push({ range: `L${first}:L${last}`, style: { ...BODY_TEXT, fontColor: "FF7F7F7F" } });
    }
    r++;
    return [first, last];
  };
  const domainRows = table("按领域", summary.domains, domainGroup);
  const unitRows = table("按牵头单位", summary.units, unitGroup);

  title(r++, "按月份（完成时限）");
  header(r++, ["月份", "到期任务", "已完成任务", "到期节点", "已完成节点"]);
  const monthFirst = r;
  for (const m of summary.months) {
    const [y, mo] = m.month.split("-").map(Number);
    put(r++, [
      `${y}年${mo}月`,
      formula(dueInMonth("tasks", y, mo, false), m.tasksDue),
      formula(dueInMonth("tasks", y, mo, true), m.tasksDone),
      formula(dueInMonth("milestones", y, mo, false), m.milestonesDue),
      formula(dueInMonth("milestones", y, mo, true), m.milestonesDone),
    ]);
  }
  const monthRows: [number, number] = [monthFirst, r - 1];
  if (r > monthFirst) styles.push({ range: `B${monthFirst}:E${r - 1}`, style: BODY_CENTER });
  r++;

  const list = (name: string, items: ListedItem[], daysHeader: string) => {
    title(r++, name, asOfNote);
    header(r++, ["内容", "类型", "编号", "完成时限", daysHeader, "牵头单位"]);
    s.merges.push(`F${r - 1}:K${r - 1}`);
    if (!items.length) put(r++, ["（无）"]);
    for (const it of items.slice(0, MAX_LISTED)) {
      put(r, [it.title, it.kind === "task" ? "任务" : "节点", it.id, date(it.due), it.days, it.lead]);
      s.merges.push(`F${r}:K${r}`);
      heights[r] =
        Math.max(1, Math.ceil(textWidth(it.title) / 29), Math.ceil(textWidth(it.lead) / 59)) * 13.5 + 3;
      r++;
    }
    if (items.length > MAX_LISTED)
      put(r++, [`另有${items.length - MAX_LISTED}项未列出，请在“任务台账”“时间节点”中按“预警”列筛选。`]);
    const first = r - Math.min(items.length, MAX_LISTED);
    if (items.length) {
      styles.push(
        { range: `A${first}:A${r - 1}`, style: BODY_TEXT },
        { range: `B${first}:E${r - 1}`, style: BODY_CENTER },
      );
      styles.push(
        { range: `D${first}:D${r - 1}`, style: { ...BODY_CENTER, numFmt: DATE_FORMAT } },
        { range: `F${first}:F${r - 1}`, style: BODY_TEXT },
      );
    }
    r++;
  };
  list("逾期未完成清单", summary.overdue, "逾期天数");
  list("未来30天到期", summary.upcoming, "剩余天数");
  if (summary.irregular.length) {
    title(r++, "需核对的填写（按原样计入统计）");
    header(r++, ["工作表", "行", "编号", "问题"]);
    for (const x of summary.irregular) put(r++, [x.sheet, x.row, x.id, x.problem]);
  }

  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  s.rows = rows;
  s.styles = styles;
  s.rowHeights = heights;
  s.freeze = { rows: 2, columns: 0 };
  s.print = { paper: "A3", landscape: true, fitToWidth: true };
  s.charts = charts(domainRows, unitRows, monthRows);
  return { sheet: s, layout: { domainRows, unitRows, monthRows, kpiRow } };
}

function charts(d: [number, number], u: [number, number], m: [number, number]): ChartSpec[] {
  const ref = (col: string, [a, b]: [number, number]) => `'${SHEETS.dashboard}'!$${col}$${a}:$${col}$${b}`;
  const out: ChartSpec[] = [];
  if (d[1] >= d[0]) {
    out.push({
      type: "barStacked",
      title: "各领域任务进展（括号内为逾期数）",
      categories: ref("L", d),
      series: [
        { name: "已完成", values: ref("C", d), color: "FF70AD47" },
        { name: "推进中", values: ref("F", d), color: "FF4472C4" },
        { name: "未启动", values: ref("G", d), color: "FFBFBFBF" },
      ],
      from: "N3",
      to: "Z30",
    });
  }
  if (u[1] >= u[0]) {
    out.push({
      type: "bar",
      title: "各牵头单位逾期未完成任务数",
      categories: ref("A", u),
      series: [{ name: "逾期", values: ref("H", u), color: "FFC00000" }],
      from: "N32",
      to: "Z58",
    });
  }
  if (m[1] >= m[0]) {
    out.push({
      type: "column",
      title: "各月到期节点与完成情况",
      categories: ref("A", m),
      series: [
        { name: "到期节点", values: ref("D", m), color: "FFED7D31" },
        { name: "已完成节点", values: ref("E", m), color: "FF70AD47" },
      ],
      from: "N60",
      to: "Z80",
    });
  }
  return out;
}
