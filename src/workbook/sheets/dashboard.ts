/**
 * 仪表盘: everything on it is a live formula over the ledger, in Excel 2016+, WPS and LibreOffice with no
 * add-in: the KPI block, the 通报 sentence, the per-domain / per-unit / per-month tables, the overdue and
 * due-soon lists (taken in order from the ledger's hidden list keys), and native charts over them. The
 * engine's figures are only the cached results a file carries until a program recalculates it.
 * Helper cells sit in hidden columns from `HELPER_COL` on.
 */
import { AS_OF_NAME, DUE_SOON_DAYS, LIST_KEY, SHEETS, TABLES } from "../../ledger/vocabulary";
import { KEY_SCALE } from "../../ledger/warning";
import {
  aliasPieceFormula,
  countIf,
  countNames,
  domainGroup,
  dueInMonth,
  escapedText,
  everyTask,
  rate,
  statusIs,
  timeProgressFormula,
  warningIs,
} from "../../dashboard/formulas";
import { ALIAS_SLOTS } from "../../dashboard/aliases";
import {
  BULLETIN_NAMED,
  bulletinFormula,
  overduePhrase,
  overduePhraseFormula,
  tenths,
} from "../../dashboard/bulletinText";
import type { Figures, ListedItem, Summary } from "../../dashboard/summary";
import { textWidth } from "./columns";
import { COPY_COLUMNS } from "./planCopy";
import {
  colLetter,
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
/** Rows of each list on the dashboard; longer lists end with a live "另有N项" line (the ledger's filter has all). */
export const LIST_ROWS = 30;
/** First hidden helper column (N). */
const HELPER_COL = 14;
const H = (k: number) => colLetter(HELPER_COL + k);
const T = TABLES.ledger;
const M = TABLES.milestones;

export interface DashboardLayout {
  /** Rows of the per-domain table (first, last), for charts and tests. */
  domainRows: [number, number];
  unitRows: [number, number];
  monthRows: [number, number];
  kpiRow: number;
  bulletinCell: string;
  /** First data row of each list. */
  overdueListRow: number;
  upcomingListRow: number;
}

/** The KPI row's cells: visible figures in A–I, helpers in the hidden columns. */
const KPI = 5;
const K = {
  total: `$A$${KPI}`,
  done: `$B$${KPI}`,
  rate: `$C$${KPI}`,
  progress: `$D$${KPI}`,
  inProgress: `$E$${KPI}`,
  notStarted: `$F$${KPI}`,
  overdue: `$G$${KPI}`,
  dueSoon: `$H$${KPI}`,
  doneLate: `$I$${KPI}`,
  rateTenths: `$${H(0)}$${KPI}`,
  progressTenths: `$${H(1)}$${KPI}`,
  title: `$${H(2)}$${KPI}`,
  overdueMilestones: `$${H(3)}$${KPI}`,
  dueSoonMilestones: `$${H(4)}$${KPI}`,
};

/** Formulas of one summary row (columns B–K) for a group, with the engine's figures as cached results. */
function groupRow(count: (...extra: string[]) => string, r: number, f: Figures): Cell[] {
  return [
    formula(count(), f.total),
    formula(count(...statusIs("已完成")), f.done),
    formula(`C${r}-E${r}`, f.doneOnTime),
    formula(count(...warningIs("逾期完成")), f.doneLate),
    formula(count(...statusIs("推进中")), f.inProgress),
    formula(count(...statusIs("未启动")), f.notStarted),
    formula(count(...warningIs("逾期")), f.overdue),
    formula(count(...warningIs("临期")), f.dueSoon),
    formula(rate(`C${r}`, `B${r}`), f.completionRate),
    formula(rate(`D${r}`, `C${r}`), f.onTimeRate),
  ];
}

const label = (r: number, name: string, overdue: number) =>
  formula(`A${r}&IF(H${r}>0,"（逾期"&H${r}&"）","")`, overdue > 0 ? `${name}（逾期${overdue}）` : name);

const escapeForCriteria = (s: string) => s.replace(/~/g, "~~").replace(/\*/g, "~*").replace(/\?/g, "~?");

export function dashboardSheet(summary: Summary): { sheet: SheetSpec; layout: DashboardLayout } {
  const s = emptySheet(SHEETS.dashboard);
  s.tabColor = "FFC00000";
  s.columns = [
    { width: 30 },
    ...Array(10).fill({ width: 10 }),
    { width: 34 },
    { width: 2 },
    ...Array(7).fill({ width: 12, hidden: true }),
  ];
  const rows: Cell[][] = [];
  const styles: StyledRange[] = [];
  /** Visible cells of a row (its hidden helpers, if already there, are kept). */
  const put = (r: number, cells: Cell[]) => {
    const row = (rows[r - 1] ??= []);
    cells.forEach((c, i) => (row[i] = c));
  };
  /** Hidden helper cells of a row, from column N. */
  const helpers = (r: number, cells: Cell[]) => {
    const row = (rows[r - 1] ??= []);
    while (row.length < HELPER_COL - 1) row.push(null);
    cells.forEach((c, i) => (row[HELPER_COL - 1 + i] = c));
  };
  const header = (r: number, cells: string[]) => {
    put(r, cells);
    styles.push({ range: `A${r}:${colLetter(cells.length)}${r}`, style: HEADER_PLAN });
  };
  const title = (r: number, text: Cell, note?: string) => {
    put(r, note ? [text, note] : [text]);
    styles.push({ range: `A${r}`, style: { bold: true, fontSize: 12, fontColor: "FF1F3864" } });
    if (note) styles.push({ range: `B${r}`, style: { fontColor: "FF7F7F7F" } });
  };
  const heights: Record<number, number> = { 1: 28, [KPI]: 26 };

  put(1, ["工作进展仪表盘"]);
  styles.push({ range: "A1", style: { bold: true, fontSize: 16 } });
  put(2, [
    "统计截止日期",
    formula(AS_OF_NAME),
    "",
    `全部为实时公式：修改“说明”中的统计截止日期或台账内容后，本页数字、清单和通报随之重新计算。临期指${DUE_SOON_DAYS}天内到期。`,
  ]);
  styles.push({ range: "B2", style: { numFmt: DATE_FORMAT, bold: true, horizontal: "center" } });
  styles.push({ range: "D2", style: { fontColor: "FF7F7F7F" } });

  header(4, [
    "任务总数",
    "已完成",
    "完成率",
    "序时进度",
    "推进中",
    "未启动",
    "逾期未完成",
    `临期(${DUE_SOON_DAYS}天内)`,
    "逾期完成",
  ]);
  const o = summary.overall;
  const milestonesWith = (w: string) => `COUNTIFS(${M}[节点编号],"<>",${M}[预警],"${w}")`;
  const overdueMs = summary.overdue.filter((x) => x.kind === "milestone").length;
  const dueSoonMs = summary.upcoming.filter((x) => x.kind === "milestone").length;
  put(KPI, [
    formula(countIf(everyTask), o.total),
    formula(countIf(everyTask, ...statusIs("已完成")), o.done),
    formula(rate(`B${KPI}`, `A${KPI}`), o.completionRate),
    formula(timeProgressFormula(summary.year, summary.progressFrom), summary.timeProgress),
    formula(countIf(everyTask, ...statusIs("推进中")), o.inProgress),
    formula(countIf(everyTask, ...statusIs("未启动")), o.notStarted),
    formula(countIf(everyTask, ...warningIs("逾期")), o.overdue),
    formula(countIf(everyTask, ...warningIs("临期")), o.dueSoon),
    formula(countIf(everyTask, ...warningIs("逾期完成")), o.doneLate),
  ]);
  const titleRef = `'${SHEETS.planCopy}'!$${colLetter(COPY_COLUMNS.meta + 1)}$1`;
  helpers(KPI, [
    formula(`ROUND(${K.rate}*1000,0)`, tenths(o.completionRate)),
    formula(`ROUND(${K.progress}*1000,0)`, tenths(summary.timeProgress)),
    formula(`${titleRef}&""`, summary.title),
    formula(milestonesWith("逾期"), overdueMs),
    formula(milestonesWith("临期"), dueSoonMs),
  ]);
  const kpiStyle = { ...BODY_CENTER, bold: true, fontSize: 14 };
  styles.push({ range: `A${KPI}:I${KPI}`, style: kpiStyle });
  styles.push({ range: `C${KPI}:D${KPI}`, style: { ...kpiStyle, numFmt: PERCENT } });
  styles.push({ range: `G${KPI}`, style: { ...kpiStyle, ...WARNING_COLOURS.red } });
  styles.push({ range: `H${KPI}`, style: { ...kpiStyle, ...WARNING_COLOURS.yellow } });
  styles.push({ range: `I${KPI}`, style: { ...kpiStyle, ...WARNING_COLOURS.orange } });

  // The lists come later on the sheet, but the 通报 reads their first phrases: place them first.
  const bulletinRow = 7;
  let r = 9;
  const chartsTop = r;
  r += 24; // two charts side by side, rows 9–32
  const tableStart = r;

  r = tableStart;
  const table = (
    name: string,
    items: ({ name: string } & Figures)[],
    rowHelpers: (r: number, name: string) => { cells: Cell[]; count: (...extra: string[]) => string },
  ): [number, number] => {
    title(r++, name);
    header(r++, [name.replace(/^按/, ""), ...TABLE_HEADERS]);
    const first = r;
    for (const it of items) {
      const h = rowHelpers(r, it.name);
      put(r, [it.name, ...groupRow(h.count, r, it), label(r, it.name, it.overdue)]);
      helpers(r, h.cells);
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
  const domainRows = table("按领域", summary.domains, (row, name) => ({
    cells: [formula(escapedText(`$A${row}`), escapeForCriteria(name))],
    count: (...extra) => countIf(domainGroup(`$${H(0)}${row}`), ...extra),
  }));
  const unitRows = table("按牵头单位", summary.units, (row, name) => {
    const aliasCell = `$${H(1)}${row}`;
    const names = [`$${H(0)}${row}`, ...Array.from({ length: ALIAS_SLOTS }, (_, k) => `$${H(2 + k)}${row}`)];
    return {
      cells: [
        formula(escapedText(`$A${row}`), escapeForCriteria(name)),
        formula(
          `IFERROR(INDEX(${TABLES.units}[别名],MATCH($${H(0)}${row},${TABLES.units}[单位名称],0))&"","")`,
        ),
        ...Array.from({ length: ALIAS_SLOTS }, (_, k) =>
          formula(escapedText(aliasPieceFormula(aliasCell, k + 1))),
        ),
      ],
      count: (...extra) => countNames(names, ...extra),
    };
  });

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
  const monthChartTop = monthFirst - 2;
  r = Math.max(r, monthChartTop + 16) + 1;

  /**
   * One list: the tasks block then the milestones block, each in key order, `LIST_ROWS` rows of formulas.
   * `skip` are the keys of other lists that come first in the same key column (overdue before due soon).
   */
  const list = (
    name: string,
    items: ListedItem[],
    counts: { tasks: string; milestones: string; skipTasks?: string; skipMilestones?: string },
    days: (due: string) => string,
    daysHeader: string,
    withPhrases: boolean,
  ): number => {
    const nTasks = items.filter((x) => x.kind === "task").length;
    const nMs = items.length - nTasks;
    title(
      r++,
      formula(
        `"${name}（任务"&${counts.tasks}&"项、节点"&${counts.milestones}&"个）"`,
        `${name}（任务${nTasks}项、节点${nMs}个）`,
      ),
    );
    header(r++, ["内容", "类型", "编号", "完成时限", daysHeader, "牵头单位"]);
    s.merges.push(`F${r - 1}:K${r - 1}`);
    const first = r;
    const skipT = counts.skipTasks ? `${counts.skipTasks}+` : "";
    const skipM = counts.skipMilestones ? `${counts.skipMilestones}+` : "";
    for (let k = 1; k <= LIST_ROWS; k++, r++) {
      const it = items[k - 1];
      const [key, src, idx] = [`$${H(0)}${r}`, `$${H(1)}${r}`, `$${H(2)}${r}`];
      const pick = (taskCol: string, msCol: string) =>
        `IF(${key}="","",IF(${src}="任务",INDEX(${T}[${taskCol}],${idx}),INDEX(${M}[${msCol}],${idx}))&"")`;
      const cachedKey = it ? excelSerial(it.due) * KEY_SCALE + it.row - 1 : "";
      helpers(r, [
        formula(
          `IF(${k}<=${counts.tasks},SMALL(${T}[${LIST_KEY}],${skipT}${k}),` +
            `IF(${k}<=${counts.tasks}+${counts.milestones},SMALL(${M}[${LIST_KEY}],${skipM}${k}-${counts.tasks}),""))`,
          cachedKey,
        ),
        formula(`IF(${key}="","",IF(${k}<=${counts.tasks},"任务","节点"))`, it ? kindWord(it) : ""),
        formula(`IF(${key}="","",MOD(${key},${KEY_SCALE}))`, it ? it.row - 1 : ""),
        ...(withPhrases && k <= BULLETIN_NAMED
          ? [
              formula(
                `IF(AND(${key}<>"",${src}="任务"),${overduePhraseFormula(`C${r}`, `A${r}`, `F${r}`, `E${r}`)},"")`,
                it?.kind === "task" ? overduePhrase(it) : "",
              ),
            ]
          : []),
      ]);
      put(r, [
        formula(
          `IF(${key}="",IF(${k}=1,"（无）",""),${pick("任务名称", "节点内容")})`,
          it ? it.title : k === 1 ? "（无）" : "",
        ),
        formula(`${src}`, it ? kindWord(it) : ""),
        formula(pick("序号", "节点编号"), it ? it.id : ""),
        formula(`IF(${key}="","",INT(${key}/${KEY_SCALE}))`, it ? excelSerial(it.due) : ""),
        formula(`IF(${key}="","",${days(`D${r}`)})`, it ? it.days : ""),
        formula(pick("牵头单位", "牵头单位"), it ? it.lead : ""),
      ]);
      s.merges.push(`F${r}:K${r}`);
      heights[r] = 27;
    }
    const shownTotal = `${counts.tasks}+${counts.milestones}`;
    const more = items.length - LIST_ROWS;
    put(r++, [
      formula(
        `IF(${shownTotal}>${LIST_ROWS},"另有"&(${shownTotal}-${LIST_ROWS})&"项未列出，请在“任务台账”“时间节点”中按“预警”列筛选。","")`,
        more > 0 ? `另有${more}项未列出，请在“任务台账”“时间节点”中按“预警”列筛选。` : "",
      ),
    ]);
    styles.push(
      { range: `A${first}:A${first + LIST_ROWS - 1}`, style: BODY_TEXT },
      { range: `B${first}:C${first + LIST_ROWS - 1}`, style: BODY_CENTER },
      { range: `D${first}:D${first + LIST_ROWS - 1}`, style: { ...BODY_CENTER, numFmt: DATE_FORMAT } },
      { range: `E${first}:E${first + LIST_ROWS - 1}`, style: { ...BODY_CENTER, numFmt: "0" } },
      { range: `F${first}:K${first + LIST_ROWS - 1}`, style: BODY_TEXT },
    );
    r++;
    return first;
  };
  const overdueListRow = list(
    "逾期未完成清单",
    summary.overdue,
    { tasks: K.overdue, milestones: K.overdueMilestones },
    (due) => `INT(${AS_OF_NAME})-${due}`,
    "逾期天数",
    true,
  );
  const upcomingListRow = list(
    `临期清单（${DUE_SOON_DAYS}天内到期）`,
    summary.upcoming,
    {
      tasks: K.dueSoon,
      milestones: K.dueSoonMilestones,
      skipTasks: K.overdue,
      skipMilestones: K.overdueMilestones,
    },
    (due) => `${due}-INT(${AS_OF_NAME})`,
    "剩余天数",
    false,
  );

  const phrases = Array.from({ length: BULLETIN_NAMED }, (_, k) => `$${H(3)}$${overdueListRow + k}`);
  put(bulletinRow, [
    "通报",
    formula(
      bulletinFormula({
        asOf: AS_OF_NAME,
        title: K.title,
        total: K.total,
        done: K.done,
        rateTenths: K.rateTenths,
        progressTenths: K.progressTenths,
        inProgress: K.inProgress,
        notStarted: K.notStarted,
        doneLate: K.doneLate,
        overdue: K.overdue,
        dueSoon: K.dueSoon,
        phrases,
      }),
      summary.bulletin,
    ),
  ]);
  heights[bulletinRow] = Math.max(3, Math.ceil(textWidth(summary.bulletin) / 140) + 1) * 14 + 4;
  s.merges.push(`B${bulletinRow}:L${bulletinRow}`);
  styles.push({ range: `A${bulletinRow}`, style: { bold: true, vertical: "top" } });
  styles.push({ range: `B${bulletinRow}`, style: { wrap: true, vertical: "top", fontSize: 11 } });

  if (summary.irregular.length) {
    title(r++, "需核对的填写（按生成时的原样计入统计；请运行“校验”查看最新情况）");
    header(r++, ["工作表", "行", "编号", "问题"]);
    for (const x of summary.irregular) put(r++, [x.sheet, x.row, x.id, x.problem]);
  }

  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  s.rows = rows;
  s.styles = styles;
  s.rowHeights = heights;
  s.freeze = { rows: 2, columns: 0 };
  s.print = { paper: "A3", landscape: false, fitToWidth: true, fitToHeight: true, pageNumbers: true };
  s.charts = charts(chartsTop, domainRows, unitRows, monthRows, monthChartTop);
  return {
    sheet: s,
    layout: {
      domainRows,
      unitRows,
      monthRows,
      kpiRow: KPI,
      bulletinCell: `B${bulletinRow}`,
      overdueListRow,
      upcomingListRow,
    },
  };
}

const kindWord = (it: ListedItem) => (it.kind === "task" ? "任务" : "节点");

/** The spreadsheet serial of an ISO date (1900 system). */
const excelSerial = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000 + 25569;

function charts(
  top: number,
  d: [number, number],
  u: [number, number],
  m: [number, number],
  monthTop: number,
): ChartSpec[] {
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
      from: `A${top}`,
      to: `F${top + 23}`,
      wholeNumbers: true,
      dataLabels: true,
    });
  }
  if (u[1] >= u[0]) {
    out.push({
      type: "bar",
      title: "各牵头单位逾期未完成任务数",
      categories: ref("A", u),
      series: [{ name: "逾期", values: ref("H", u), color: "FFC00000" }],
      from: `G${top}`,
      to: `M${top + 23}`,
      wholeNumbers: true,
      dataLabels: true,
    });
  }
  if (m[1] >= m[0]) {
    out.push({
      type: "column",
      title: "各月到期任务与完成情况",
      categories: ref("A", m),
      series: [
        { name: "到期任务", values: ref("B", m), color: "FFED7D31" },
        { name: "已完成任务", values: ref("C", m), color: "FF70AD47" },
      ],
      from: `G${monthTop}`,
      to: `M${monthTop + 16}`,
      wholeNumbers: true,
      dataLabels: true,
    });
  }
  return out;
}
