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
  countIf,
  domainGroup,
  dueInMonth,
  escapedText,
  everyTask,
  inPlan,
  rate,
  statusIs,
  timeProgressFormula,
  unitPatterns,
  countPatterns,
  warningIs,
} from "../../dashboard/formulas";
import { ALIAS_FIGURES, aliasRanges } from "./aliases";
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
import { CHANGES_LABEL, roundSection } from "./roundSection";

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
];
const PERCENT = "0.0%";
/** Rows of each list on the dashboard; longer lists end with a live "另有N项" line (the ledger's filter has all). */
export const LIST_ROWS = 15;
/**
 * Three blocks side by side, for one landscape A3 page and a 1366-px screen at 100%: figures (A–K),
 * charts (M–S, in view beside the figures), lists and months (U–Z). Helpers hidden from AB on.
 */
const MIDDLE = 13; // M
const RIGHT = 21; // U
const HELPER_COL = 28; // AB
const H = (k: number) => colLetter(HELPER_COL + k);
/** The lists' helpers, apart from the tables' on the same rows. */
const LIST_HELPERS = 12;
/** First helper of a table's chart block: the rows sorted for the chart (see `sortedForChart`). */
const SORT_AT = 6;
const LH = (k: number) => colLetter(HELPER_COL + LIST_HELPERS + k);
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
  /** The monthly round's section (see `roundSection`): its first row, and the changes sentence's cell. */
  roundSectionRow: number;
  changesCell: string;
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
    { width: 22 },
    ...Array(10).fill({ width: 7.5 }),
    { width: 1.5 },
    ...Array(7).fill({ width: 8.5 }),
    { width: 1.5 },
    ...[40, 5, 6.5, 10.5, 6.5, 22].map((width) => ({ width })),
    { width: 1.5 },
    ...Array(LIST_HELPERS + 4).fill({ width: 12, hidden: true }),
  ];
  const rows: Cell[][] = [];
  const styles: StyledRange[] = [];
  /** Cells of a row from a column (1-based; other cells of the row are kept). */
  const putAt = (r: number, col: number, cells: Cell[]) => {
    const row = (rows[r - 1] ??= []);
    while (row.length < col - 1) row.push(null);
    cells.forEach((c, i) => (row[col - 1 + i] = c));
  };
  const put = (r: number, cells: Cell[]) => putAt(r, 1, cells);
  /** Hidden helper cells of a row: the tables' (and the KPI's) from AB, the lists' after them. */
  const helpers = (r: number, cells: Cell[], forList = false) =>
    putAt(r, HELPER_COL + (forList ? LIST_HELPERS : 0), cells);
  const header = (r: number, cells: string[], col = 1) => {
    putAt(r, col, cells);
    styles.push({
      range: `${colLetter(col)}${r}:${colLetter(col + cells.length - 1)}${r}`,
      style: HEADER_PLAN,
    });
    heights[r] = Math.max(heights[r] ?? 0, 28);
  };
  const title = (r: number, text: Cell, col = 1) => {
    putAt(r, col, [text]);
    styles.push({
      range: `${colLetter(col)}${r}`,
      style: { bold: true, fontSize: 12, fontColor: "FF1F3864" },
    });
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
  s.merges.push("B2:C2");
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
  const milestonesWith = (w: string) =>
    `COUNTIFS(${M}[节点编号],"<>",${inPlan(M).join(",")},${M}[预警],"${w}")`;
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
  const kpiStyle = { ...BODY_CENTER, bold: true, fontSize: 12 };
  styles.push({ range: `A${KPI}:I${KPI}`, style: kpiStyle });
  styles.push({ range: `C${KPI}:D${KPI}`, style: { ...kpiStyle, numFmt: PERCENT } });
  styles.push({ range: `G${KPI}`, style: { ...kpiStyle, ...WARNING_COLOURS.red } });
  styles.push({ range: `H${KPI}`, style: { ...kpiStyle, ...WARNING_COLOURS.yellow } });
  styles.push({ range: `I${KPI}`, style: { ...kpiStyle, ...WARNING_COLOURS.orange } });

  const bulletinRow = 7;
  const blocksTop = 9;
  let r = blocksTop;
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
      put(r, [it.name, ...groupRow(h.count, r, it)]);
      helpers(r, [label(r, it.name, it.overdue), ...h.cells]);
      r++;
    }
    const last = r - 1;
    if (last >= first) {
      styles.push(
        { range: `A${first}:A${last}`, style: BODY_TEXT },
        { range: `B${first}:I${last}`, style: BODY_CENTER },
      );
      styles.push({ range: `J${first}:K${last}`, style: { ...BODY_CENTER, numFmt: PERCENT } });
    }
    r++;
    return [first, last];
  };
  const domainRows = table("按领域", summary.domains, (row, name) => ({
    cells: [formula(escapedText(`$A${row}`), escapeForCriteria(name))],
    count: (...extra) => countIf(domainGroup(`$${H(1)}${row}`), ...extra),
  }));
  // A unit's figures: its name's matches (the four patterns in helper cells, one COUNTIFS over them) plus
  // its aliases' (each alias counted on 别名统计, SUMIF by owner).
  const unitRows = table("按牵头单位", summary.units, (row, name) => {
    const nameCell = `$${H(1)}${row}`;
    const escaped = escapeForCriteria(name);
    const cached = [`=${escaped}`, `=${escaped}、*`, `=*、${escaped}`, `=*、${escaped}、*`];
    const patterns = `$${H(2)}${row}:$${H(5)}${row}`;
    return {
      cells: [
        formula(escapedText(`$A${row}`), escaped),
        ...unitPatterns(nameCell).map((p, k) => formula(p, cached[k])),
      ],
      count: (...extra) => {
        const figure = ALIAS_FIGURES.find((f) => f.extra.join() === extra.join())!;
        return `${countPatterns(`${T}[牵头单位]`, patterns, ...extra)}+SUMIF(${aliasRanges.owner},"="&${nameCell},${aliasRanges.figure(figure.key)})`;
      },
    };
  });

  /**
   * A table's rows in descending order of one column, for its chart, in hidden helpers: a unique key
   * (value, ties in table order), LARGE for the k-th, INDEX/MATCH for its label and series. Live, so the
   * chart stays sorted whatever staff enter.
   */
  const sortedForChart = (
    [first, last]: [number, number],
    items: ({ name: string } & Figures)[],
    by: { col: string; value: (f: Figures) => number },
    labelCol: string,
    labelOf: (it: { name: string } & Figures) => string,
    series: { col: string; value: (f: Figures) => number }[],
  ): { labels: string; series: string[] } => {
    if (last < first) return { labels: "", series: [] };
    const keyCol = H(SORT_AT);
    const keys = `$${keyCol}$${first}:$${keyCol}$${last}`;
    const keyOf = (f: Figures, k: number) => by.value(f) + (1000 - k) / 10000;
    const order = items.map((it, k) => ({ it, key: keyOf(it, k) })).sort((a, b) => b.key - a.key);
    items.forEach((it, k) => {
      const r = first + k;
      const sorted = order[k];
      const at = `MATCH($${H(SORT_AT + 1)}${r},${keys},0)`;
      putAt(r, HELPER_COL + SORT_AT, [
        formula(`${by.col}${r}+(1000-${k})/10000`, keyOf(it, k)),
        formula(`LARGE(${keys},${k + 1})`, sorted.key),
        formula(`INDEX($${labelCol}$${first}:$${labelCol}$${last},${at})`, labelOf(sorted.it)),
        ...series.map((x) =>
          formula(`INDEX($${x.col}$${first}:$${x.col}$${last},${at})`, x.value(sorted.it)),
        ),
      ]);
    });
    const col = (k: number) => `${H(SORT_AT + k)}`;
    return {
      labels: `$${col(2)}$${first}:$${col(2)}$${last}`,
      series: series.map((_, i) => `$${col(3 + i)}$${first}:$${col(3 + i)}$${last}`),
    };
  };
  const labelText = (it: { name: string } & Figures) =>
    it.overdue > 0 ? `${it.name}（逾期${it.overdue}）` : it.name;
  const domainChart = sortedForChart(
    domainRows,
    summary.domains,
    { col: "C", value: (f) => f.done },
    H(0),
    labelText,
    [
      { col: "C", value: (f) => f.done },
      { col: "F", value: (f) => f.inProgress },
      { col: "G", value: (f) => f.notStarted },
    ],
  );
  const unitChart = sortedForChart(
    unitRows,
    summary.units,
    { col: "H", value: (f) => f.overdue },
    "A",
    (it) => it.name,
    [{ col: "H", value: (f) => f.overdue }],
  );

  const leftEnd = r;
  r = blocksTop;

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
      RIGHT,
    );
    header(r++, ["内容", "类型", "编号", "完成时限", daysHeader, "牵头单位"], RIGHT);
    const first = r;
    const skipT = counts.skipTasks ? `${counts.skipTasks}+` : "";
    const skipM = counts.skipMilestones ? `${counts.skipMilestones}+` : "";
    for (let k = 1; k <= LIST_ROWS; k++, r++) {
      const it = items[k - 1];
      const [key, src, idx] = [`$${LH(0)}${r}`, `$${LH(1)}${r}`, `$${LH(2)}${r}`];
      const pick = (taskCol: string, msCol: string) =>
        `IF(${key}="","",IF(${src}="任务",INDEX(${T}[${taskCol}],${idx}),INDEX(${M}[${msCol}],${idx}))&"")`;
      const [cTitle, cId, cDue, cDays, cLead] = [0, 2, 3, 4, 5].map((k) => `${colLetter(RIGHT + k)}${r}`);
      const cachedKey = it ? excelSerial(it.due) * KEY_SCALE + it.row - 1 : "";
      helpers(
        r,
        [
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
                  `IF(AND(${key}<>"",${src}="任务"),${overduePhraseFormula(cId, cTitle, cLead, cDays)},"")`,
                  it?.kind === "task" ? overduePhrase(it) : "",
                ),
              ]
            : []),
        ],
        true,
      );
      putAt(r, RIGHT, [
        formula(
          `IF(${key}="",IF(${k}=1,"（无）",""),${pick("任务名称", "节点内容")})`,
          it ? it.title : k === 1 ? "（无）" : "",
        ),
        formula(`${src}`, it ? kindWord(it) : ""),
        formula(pick("序号", "节点编号"), it ? it.id : ""),
        formula(`IF(${key}="","",INT(${key}/${KEY_SCALE}))`, it ? excelSerial(it.due) : ""),
        formula(`IF(${key}="","",${days(cDue)})`, it ? it.days : ""),
        formula(pick("牵头单位", "牵头单位"), it ? it.lead : ""),
      ]);
    }
    const shownTotal = `${counts.tasks}+${counts.milestones}`;
    const more = items.length - LIST_ROWS;
    putAt(r++, RIGHT, [
      formula(
        `IF(${shownTotal}>${LIST_ROWS},"另有"&(${shownTotal}-${LIST_ROWS})&"项未列出，请在“任务台账”“时间节点”中按“预警”列筛选。","")`,
        more > 0 ? `另有${more}项未列出，请在“任务台账”“时间节点”中按“预警”列筛选。` : "",
      ),
    ]);
    const col = (k: number, last = first + LIST_ROWS - 1) =>
      `${colLetter(RIGHT + k)}${first}:${colLetter(RIGHT + k)}${last}`;
    // One line per item, so the list rows line up with the tables beside them: long text is cut at the
    // cell's edge on screen and in print (the full text is in the ledger).
    const line = { border: true, vertical: "top" as const };
    styles.push(
      { range: col(0), style: line },
      {
        range: `${colLetter(RIGHT + 1)}${first}:${colLetter(RIGHT + 2)}${first + LIST_ROWS - 1}`,
        style: BODY_CENTER,
      },
      { range: col(3), style: { ...BODY_CENTER, numFmt: DATE_FORMAT } },
      { range: col(4), style: { ...BODY_CENTER, numFmt: "0" } },
      { range: col(5), style: line },
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

  title(r++, "按月份（完成时限）", RIGHT);
  header(r++, ["月份", "到期任务", "已完成任务", "到期节点", "已完成节点"], RIGHT);
  const monthFirst = r;
  for (const m of summary.months) {
    const [y, mo] = m.month.split("-").map(Number);
    putAt(r++, RIGHT, [
      `${y}年${mo}月`,
      formula(dueInMonth("tasks", y, mo, false), m.tasksDue),
      formula(dueInMonth("tasks", y, mo, true), m.tasksDone),
      formula(dueInMonth("milestones", y, mo, false), m.milestonesDue),
      formula(dueInMonth("milestones", y, mo, true), m.milestonesDone),
    ]);
  }
  const monthRows: [number, number] = [monthFirst, r - 1];
  if (r > monthFirst)
    styles.push({
      range: `${colLetter(RIGHT + 1)}${monthFirst}:${colLetter(RIGHT + 4)}${r - 1}`,
      style: BODY_CENTER,
    });
  const bottom = Math.max(r, leftEnd);

  const phrases = Array.from({ length: BULLETIN_NAMED }, (_, k) => `$${LH(3)}$${overdueListRow + k}`);
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
  // The 通报 spans the figures and the charts; its height fits the text as built, with room to grow.
  heights[bulletinRow] = (Math.ceil(textWidth(summary.bulletin) / 150) + 2) * 15 + 4;
  s.merges.push(`B${bulletinRow}:S${bulletinRow}`);
  styles.push({ range: `A${bulletinRow}`, style: { bold: true, vertical: "top" } });
  styles.push({ range: `B${bulletinRow}`, style: { wrap: true, vertical: "top", fontSize: 11 } });

  // The monthly round below the blocks; the changes since the last period right under the 通报.
  const changesRow = bulletinRow + 1;
  const round = roundSection(
    {
      top: bottom + 2,
      periodsSheet: null,
      sourcesSheet: null,
      year: summary.year,
      progressFrom: summary.progressFrom,
      trend: [],
      leads: [],
      missing: { round: "", units: [] },
      changes: null,
    },
    { row: changesRow, col: 2 },
  );
  for (const c of round.cells) putAt(c.row, c.col, [c.cell]);
  styles.push(...round.styles);
  put(changesRow, [CHANGES_LABEL]);
  s.merges.push(`B${changesRow}:S${changesRow}`);
  styles.push({ range: `A${changesRow}`, style: { bold: true, vertical: "top" } });
  styles.push({ range: `B${changesRow}`, style: { wrap: true, vertical: "top", fontSize: 11 } });
  heights[changesRow] = 34;

  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  s.rows = rows;
  s.styles = styles;
  s.rowHeights = heights;
  s.freeze = { rows: 2, columns: 0 };
  s.print = { paper: "A3", landscape: true, fitToWidth: true, fitToHeight: true, pageNumbers: true };
  const most = (xs: number[]) => Math.max(1, ...xs);
  s.charts = charts(blocksTop, bottom, domainChart, unitChart, monthRows, {
    domains: wholeStep(most(summary.domains.map((x) => x.total))),
    units: wholeStep(most(summary.units.map((x) => x.total))),
    months: wholeStep(most(summary.months.map((x) => x.tasksDue))),
  });
  s.charts.push({
    ...round.chart,
    categories: on(round.chart.categories),
    series: round.chart.series.map((x) => ({ ...x, values: on(x.values) })),
  });
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
      roundSectionRow: bottom + 2,
      changesCell: `B${changesRow}`,
    },
  };
}

/**
 * A whole-number axis step for counts up to `max` (the group's task count bounds every live value): 1, 2,
 * 5, 10, 20, 50 … giving at most about eight gridlines.
 */
export function wholeStep(max: number): number {
  for (let p = 1; ; p *= 10) for (const k of [1, 2, 5]) if (k * p * 8 >= max) return k * p;
}

const on = (range: string) => `'${SHEETS.dashboard}'!${range}`;

const kindWord = (it: ListedItem) => (it.kind === "task" ? "任务" : "节点");

/** The spreadsheet serial of an ISO date (1900 system). */
const excelSerial = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000 + 25569;

function charts(
  top: number,
  bottom: number,
  d: { labels: string; series: string[] },
  u: { labels: string; series: string[] },
  m: [number, number],
  steps: { domains: number; units: number; months: number },
): ChartSpec[] {
  const ref = (col: string, [a, b]: [number, number]) => `'${SHEETS.dashboard}'!$${col}$${a}:$${col}$${b}`;
  const [from, to] = [colLetter(MIDDLE), colLetter(MIDDLE + 7)];
  const third = Math.floor((bottom - top) / 3);
  const out: ChartSpec[] = [];
  const count = { wholeNumbers: true, dataLabels: true, reverseCategories: true };
  const on = (range: string) => `'${SHEETS.dashboard}'!${range}`;
  if (d.labels) {
    out.push({
      type: "barStacked",
      title: "各领域进展（按已完成数排序）",
      categories: on(d.labels),
      series: [
        { name: "已完成", values: on(d.series[0]), color: "FF70AD47" },
        { name: "推进中", values: on(d.series[1]), color: "FF4472C4" },
        { name: "未启动", values: on(d.series[2]), color: "FFBFBFBF" },
      ],
      from: `${from}${top}`,
      to: `${to}${top + third}`,
      plotHidden: true,
      majorUnit: steps.domains,
      ...count,
    });
  }
  if (u.labels) {
    out.push({
      type: "bar",
      title: "各牵头单位逾期未完成任务数（由多到少）",
      categories: on(u.labels),
      series: [{ name: "逾期", values: on(u.series[0]), color: "FFC00000" }],
      plotHidden: true,
      from: `${from}${top + third}`,
      to: `${to}${top + 2 * third + Math.floor(third / 2)}`,
      majorUnit: steps.units,
      ...count,
    });
  }
  if (m[1] >= m[0]) {
    const monthCol = (k: number) => colLetter(RIGHT + k);
    out.push({
      type: "column",
      title: "各月到期任务与完成情况",
      categories: ref(monthCol(0), m),
      series: [
        { name: "到期任务", values: ref(monthCol(1), m), color: "FFED7D31" },
        { name: "已完成任务", values: ref(monthCol(2), m), color: "FF70AD47" },
      ],
      from: `${from}${top + 2 * third + Math.floor(third / 2)}`,
      to: `${to}${bottom}`,
      majorUnit: steps.months,
      wholeNumbers: true,
      dataLabels: true,
    });
  }
  return out;
}
