/**
 * The monthly round on 仪表盘, declared once for every renderer: the trend (completion rate of each period
 * recorded in 历次进展, beside 序时进度 at that date, as a table and a line chart), the units that have not
 * reported in the current round (from 来源记录), and the sentence on the changes since the last period that
 * follows the 通报. All live formulas with Excel 2016 functions (SUMPRODUCT, MATCH, INDEX, SMALL): they read
 * the tool's own record sheets, so they are written once those sheets exist (by `close` and `collect`);
 * before, the cells hold placeholders that say what to run. Cached results are the engine's figures.
 *
 * The section's cells are placed from an anchor row; helpers go in the dashboard's hidden columns.
 */
import { AS_OF_NAME, ROUND_SECTION_MARKERS, SHEETS, TABLES } from "../../ledger/vocabulary";
import { PERIOD_HEADERS, SOURCE_HEADERS, TWICE_NAMED, type TrendPoint } from "../../ledger/round";
import { colLetter, formula, type Cell, type ChartSpec, type StyledRange } from "../spec";
import { BODY_CENTER, HEADER_PLAN } from "../styles";

/** Periods shown in the table and the chart (the latest ones). */
export const TREND_ROWS = 12;
/** Periods the hidden helpers can walk through (five years of monthly rounds). */
export const MAX_PERIODS = 60;
/** Units listed as 未报送; more are counted in a line under the list. */
export const MISSING_ROWS = 30;

/** Workbook names of the section's anchor (its first row, column A) and of the changes sentence's cell. */
export const ROUND_SECTION_NAME = ROUND_SECTION_MARKERS.section;
export const CHANGES_NAME = ROUND_SECTION_MARKERS.changes;

/** The names a fresh ledger carries, so `close` and `collect` find the section's cells. */
export function roundSectionNames(layout: { roundSectionRow: number; changesCell: string }) {
  const [, col, row] = /^([A-Z]+)(\d+)$/.exec(layout.changesCell)!;
  const sheet = `'${SHEETS.dashboard}'`;
  return [
    { name: ROUND_SECTION_NAME, ref: `${sheet}!$A$${layout.roundSectionRow}` },
    { name: CHANGES_NAME, ref: `${sheet}!$${col}$${row}` },
  ];
}

/** The section's first cell and the label beside the changes sentence (found by text when names are lost). */
export const TREND_TITLE = "历次完成率（历次进展中记录的各期，与序时进度对照）";
export const CHANGES_LABEL = "本期变化";

export const PLACEHOLDER = {
  trend: "（尚未记录任何一期：每月核对后运行 plan-ledger close，这里列出各期完成率）",
  changes: "尚无上一期记录：运行 plan-ledger close 记录本期后，下一期起这里通报与上期相比的变化。",
  notCollected: "（尚未收集报送表：运行 plan-ledger collect 后这里列出未报送的单位）",
  allReported: "（无，全部单位已报送）",
};

const LEFT = 1; // A
const RIGHT = 21; // U: the lists' column on the dashboard
const CHART_FROM = 13; // M
const HELPER = 28; // AB: the dashboard's hidden helper columns
const [START, PERIOD, COUNT, TASKS, DONE, N_PERIODS, LAST_ROW, UNIT, UNIT_KEY, ROUND, N_MISSING] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
].map((k) => colLetter(HELPER + k));
const [CHART_LABEL, CHART_RATE, CHART_PROGRESS, CHANGES] = [11, 12, 13, 14].map((k) => colLetter(HELPER + k));
const PERCENT = "0.0%";

export interface SectionCell {
  row: number;
  col: number;
  cell: Cell;
}

export interface RoundSectionInput {
  /** Row of the section's title. */
  top: number;
  /** The sheets' names (null: not in the workbook yet, so their blocks stay placeholders). */
  periodsSheet: string | null;
  sourcesSheet: string | null;
  /** The plan year and the first day 序时进度 counts from (as on the KPI row). */
  year: number;
  progressFrom: string;
  /** Engine figures for the cached results. */
  trend: TrendPoint[];
  leads: string[];
  missing: { round: string; units: string[] };
  changes: string | null;
}

export interface RoundSection {
  cells: SectionCell[];
  /**
   * Formulas earlier versions of the tool wrote at some of these cells (still the tool's: the next
   * write replaces them). A formula the tool stops writing or changes goes here.
   */
  earlier: SectionCell[];
  styles: StyledRange[];
  chart: ChartSpec;
  /** Rows the section spans (helpers included). */
  bottom: number;
}

const quote = (name: string) => `'${name.replace(/'/g, "''")}'`;
const lit = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** 序时进度 on the date a `YYYY-MM-DD` text names (no DATEVALUE: its reading depends on the locale). */
function progressOn(text: string, year: number, from: string): string {
  const day = `DATE(VALUE(LEFT(${text},4)),VALUE(MID(${text},6,2)),VALUE(RIGHT(${text},2)))`;
  const start = `DATE(${+from.slice(0, 4)},${+from.slice(5, 7)},${+from.slice(8, 10)})`;
  return `MIN(1,MAX(0,(${day}-${start}+1)/(DATE(${year + 1},1,1)-${start})))`;
}

function progressValue(iso: string, year: number, from: string): number {
  const d = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86_400_000;
  const start = d(from);
  return Math.min(1, Math.max(0, (d(iso) - start + 1) / (Date.UTC(year + 1, 0, 1) / 86_400_000 - start)));
}

export function roundSection(
  input: RoundSectionInput,
  changesAt: { row: number; col: number },
): RoundSection {
  const { top } = input;
  const cells: SectionCell[] = [];
  const earlier: SectionCell[] = [];
  const put = (row: number, col: number, cell: Cell) => cells.push({ row, col, cell });
  const styles: StyledRange[] = [];
  const first = top + 2;
  const abs = (col: string, row: number) => `$${col}$${row}`;
  const helperRange = (col: string, n: number) => `$${col}$${first}:$${col}$${first + n - 1}`;

  // Titles and headers.
  put(top, LEFT, TREND_TITLE);
  const headers = ["统计截止日期", "任务数", "已完成", "完成率", "序时进度"];
  headers.forEach((h, i) => put(top + 1, LEFT + i, h));
  put(top + 1, RIGHT, "单位");
  styles.push(
    { range: `A${top}`, style: { bold: true, fontSize: 12, fontColor: "FF1F3864" } },
    { range: `${colLetter(RIGHT)}${top}`, style: { bold: true, fontSize: 12, fontColor: "FF1F3864" } },
    { range: `A${top + 1}:E${top + 1}`, style: HEADER_PLAN },
    { range: `${colLetter(RIGHT)}${top + 1}`, style: HEADER_PLAN },
    { range: `A${first}:C${first + TREND_ROWS - 1}`, style: BODY_CENTER },
    { range: `D${first}:E${first + TREND_ROWS - 1}`, style: { ...BODY_CENTER, numFmt: PERCENT } },
  );

  // The trend.
  const shown = input.trend.slice(-TREND_ROWS);
  if (!input.periodsSheet) {
    put(first, LEFT, PLACEHOLDER.trend);
  } else {
    const P = quote(input.periodsSheet);
    const pc = (h: (typeof PERIOD_HEADERS)[number]) => colLetter(PERIOD_HEADERS.indexOf(h) + 1);
    const whole = (h: (typeof PERIOD_HEADERS)[number]) => `${P}!$${pc(h)}:$${pc(h)}`;
    const rng = (h: (typeof PERIOD_HEADERS)[number], a: string, b: string) =>
      `INDEX(${whole(h)},${a}):INDEX(${whole(h)},${b})`;
    const last = abs(LAST_ROW, top);
    put(
      top,
      HELPER + 6,
      formula(`COUNTA(${whole("统计截止日期")})`, 1 + input.trend.reduce((n, p) => n + p.rows, 0)),
    );
    // The periods as blocks of rows: 历次进展 only appends, each period after the one before.
    const trendAll = input.trend;
    let start = 2;
    for (let k = 0; k < MAX_PERIODS; k++) {
      const r = first + k;
      const p = trendAll[k];
      const [s, per, cnt] = [`${START}${r}`, `${PERIOD}${r}`, `${COUNT}${r}`];
      const startFormula =
        k === 0
          ? `IF(${last}>=2,2,"")`
          : `IF(${START}${r - 1}="","",IF(${START}${r - 1}+${COUNT}${r - 1}>${last},"",${START}${r - 1}+${COUNT}${r - 1}))`;
      const block = (h: (typeof PERIOD_HEADERS)[number]) => rng(h, s, `${s}+${cnt}-1`);
      put(r, HELPER + 0, formula(startFormula, p ? start : ""));
      put(
        r,
        HELPER + 1,
        formula(`IF(${s}="","",INDEX(${whole("统计截止日期")},${s})&"")`, p ? p.period : ""),
      );
      put(
        r,
        HELPER + 2,
        formula(`IF(${s}="","",SUMPRODUCT(--(${rng("统计截止日期", s, last)}=${per})))`, p ? p.rows : ""),
      );
      put(r, HELPER + 3, formula(`IF(${s}="","",SUMPRODUCT(--(${block("类型")}="任务")))`, p ? p.tasks : ""));
      put(
        r,
        HELPER + 4,
        formula(
          `IF(${s}="","",SUMPRODUCT((${block("类型")}="任务")*(TRIM(${block("状态")})="已完成")))`,
          p ? p.done : "",
        ),
      );
      if (p) start += p.rows;
    }
    put(top, HELPER + 5, formula(`COUNT(${helperRange(START, MAX_PERIODS)})`, trendAll.length));
    const n = abs(N_PERIODS, top);
    for (let i = 1; i <= TREND_ROWS; i++) {
      const r = first + i - 1;
      const p = shown[i - 1];
      const idx = `(IF(${n}>${TREND_ROWS},${n}-${TREND_ROWS},0)+${i})`;
      const pick = (col: string) => `INDEX(${helperRange(col, MAX_PERIODS)},${idx})`;
      const [a, b, c, d] = ["A", "B", "C", "D"].map((x) => `${x}${r}`);
      put(
        r,
        LEFT,
        formula(
          `IF(${idx}>${n},${i === 1 ? lit(PLACEHOLDER.trend) : '""'},${pick(PERIOD)})`,
          p ? p.period : i === 1 ? PLACEHOLDER.trend : "",
        ),
      );
      put(r, LEFT + 1, formula(`IF(${idx}>${n},"",${pick(TASKS)})`, p ? p.tasks : ""));
      put(r, LEFT + 2, formula(`IF(${idx}>${n},"",${pick(DONE)})`, p ? p.done : ""));
      put(r, LEFT + 3, formula(`IF(${b}="","",IF(${b}=0,0,${c}/${b}))`, p ? p.rate : ""));
      const progress = p ? progressValue(p.period, input.year, input.progressFrom) : "";
      put(r, LEFT + 4, formula(`IF(${b}="","",${progressOn(a, input.year, input.progressFrom)})`, progress));
      // The chart's series: gaps (#N/A) rather than zeros for rows with no period.
      put(r, HELPER + 11, formula(`IF(${b}="","",${a})`, p ? p.period : ""));
      put(r, HELPER + 12, formula(`IF(${d}="",NA(),${d})`, p ? p.rate : undefined));
      put(r, HELPER + 13, formula(`IF(${b}="",NA(),E${r})`, p ? progress : undefined));
    }
    // The changes since the last period (see `changesFormula`).
    for (const c of changesHelpers(first, rng)) put(c.row, c.col, c.cell);
  }
  const changesCell = input.periodsSheet
    ? formula(changesFormula(first), input.changes ?? PLACEHOLDER.changes)
    : PLACEHOLDER.changes;
  put(changesAt.row, changesAt.col, changesCell);

  // 未报送 in the current round.
  const missingFirst = first;
  if (!input.sourcesSheet) {
    put(top, RIGHT, "未报送单位");
    put(missingFirst, RIGHT, PLACEHOLDER.notCollected);
  } else {
    const S = quote(input.sourcesSheet);
    const sc = (h: (typeof SOURCE_HEADERS)[number]) => colLetter(SOURCE_HEADERS.indexOf(h) + 1);
    const whole = (h: (typeof SOURCE_HEADERS)[number]) => `${S}!$${sc(h)}:$${sc(h)}`;
    const lastRow = `COUNTA(${whole("收集时间")})`;
    const rng = (h: (typeof SOURCE_HEADERS)[number]) => `INDEX(${whole(h)},2):INDEX(${whole(h)},${lastRow})`;
    const round = abs(ROUND, top);
    // Until 2026-11-28 the round was the last row's, not the newest.
    earlier.push({
      row: top,
      col: HELPER + 9,
      cell: formula(`IF(${lastRow}<2,"",INDEX(${whole("报送轮次")},${lastRow})&"")`),
    });
    const newest = `SUMPRODUCT(MAX(--(0&SUBSTITUTE(${rng("报送轮次")},"-",""))))`;
    const count = abs(N_MISSING, top);
    const { round: roundValue, units } = input.missing;
    put(
      top,
      HELPER + 9,
      // The newest round (as the number YYYYMMDD, then as text again): a late return of an older round
      // collected after a newer one does not take the panel back (no DATEVALUE: it depends on the locale).
      formula(
        `IF(${lastRow}<2,"",LEFT(${newest},4)&"-"&MID(${newest},5,2)&"-"&RIGHT(${newest},2))`,
        roundValue,
      ),
    );
    put(
      top,
      HELPER + 10,
      formula(`COUNT(${helperRange(UNIT_KEY, Math.max(1, input.leads.length))})`, units.length),
    );
    put(
      top,
      RIGHT,
      formula(
        `"未报送单位"&IF(${round}="","","（"&${round}&" 轮，"&${count}&"个）")`,
        roundValue ? `未报送单位（${roundValue} 轮，${units.length}个）` : "未报送单位",
      ),
    );
    const missingSet = new Set(units);
    input.leads.forEach((unit, j) => {
      const r = first + j;
      put(r, HELPER + 7, unit);
      put(
        r,
        HELPER + 8,
        formula(
          `IF(${round}="","",IF(SUMPRODUCT((${rng("报送单位")}=${UNIT}${r})*(${rng("处理")}="收到")*(${rng("报送轮次")}=${round}))>0,"",${j + 1}))`,
          roundValue && missingSet.has(unit) ? j + 1 : "",
        ),
      );
    });
    const units_ = helperRange(UNIT, Math.max(1, input.leads.length));
    const keys = helperRange(UNIT_KEY, Math.max(1, input.leads.length));
    for (let k = 1; k <= MISSING_ROWS; k++) {
      const empty =
        k === 1 ? `IF(${round}="",${lit(PLACEHOLDER.notCollected)},${lit(PLACEHOLDER.allReported)})` : '""';
      const cached =
        units[k - 1] ?? (k === 1 ? (roundValue ? PLACEHOLDER.allReported : PLACEHOLDER.notCollected) : "");
      put(
        missingFirst + k - 1,
        RIGHT,
        formula(`IF(${k}<=${count},INDEX(${units_},SMALL(${keys},${k})),${empty})`, cached),
      );
    }
    const more = units.length - MISSING_ROWS;
    put(
      missingFirst + MISSING_ROWS,
      RIGHT,
      formula(
        `IF(${count}>${MISSING_ROWS},"另有"&(${count}-${MISSING_ROWS})&"个单位未报送，见“来源记录”。","")`,
        more > 0 ? `另有${more}个单位未报送，见“来源记录”。` : "",
      ),
    );
  }

  const on = (col: string, a: number, b: number) => `$${col}$${a}:$${col}$${b}`;
  const chart: ChartSpec = {
    type: "line",
    title: "历次完成率与序时进度",
    categories: on(CHART_LABEL, first, first + TREND_ROWS - 1),
    series: [
      { name: "完成率", values: on(CHART_RATE, first, first + TREND_ROWS - 1), color: "FF70AD47" },
      { name: "序时进度", values: on(CHART_PROGRESS, first, first + TREND_ROWS - 1), color: "FFED7D31" },
    ],
    from: `${colLetter(CHART_FROM)}${top}`,
    to: `${colLetter(CHART_FROM + 7)}${first + TREND_ROWS + 2}`,
    plotHidden: true,
  };
  const bottom = Math.max(
    first + MAX_PERIODS,
    first + input.leads.length,
    missingFirst + MISSING_ROWS + 1,
    first + CHANGES_HELPERS,
  );
  return { cells, earlier, styles, chart, bottom };
}

/** Rows of hidden helpers the changes sentence uses (in one column, from the section's first data row). */
const CHANGES_HELPERS = 11 + TWICE_NAMED;

function changesHelpers(
  first: number,
  rng: (h: (typeof PERIOD_HEADERS)[number], a: string, b: string) => string,
): SectionCell[] {
  const col = HELPER + 14;
  const at = (j: number) => `$${CHANGES}$${first + j}`;
  const periods = `$${PERIOD}$${first}:$${PERIOD}$${first + MAX_PERIODS - 1}`;
  const starts = `$${START}$${first}:$${START}$${first + MAX_PERIODS - 1}`;
  const counts = `$${COUNT}$${first}:$${COUNT}$${first + MAX_PERIODS - 1}`;
  const [asText, prevK, curK, , ps, pe, cs, ce, , , tw] = Array.from({ length: 11 }, (_, j) => at(j));
  const ids = Array.from({ length: TWICE_NAMED }, (_, k) => at(11 + k));
  // A record's key for matching across periods: kind|number|status (or |预警).
  const prevKey = (h: "状态" | "预警") =>
    `${rng("类型", ps, pe)}&"|"&${rng("编号", ps, pe)}&"|"&${h === "状态" ? `TRIM(${rng("状态", ps, pe)})` : rng("预警", ps, pe)}`;
  const T = TABLES.ledger;
  // The current records: the period itself when it is recorded, else the ledger as it stands.
  const closed = {
    task: `(${rng("类型", cs, ce)}="任务")`,
    id: rng("编号", cs, ce),
    done: `(TRIM(${rng("状态", cs, ce)})="已完成")`,
    overdue: `(${rng("预警", cs, ce)}="逾期")`,
  };
  const live = {
    task: `(${T}[序号]&""<>"")`,
    id: `${T}[序号]`,
    done: `(TRIM(${T}[状态])="已完成")`,
    overdue: `(${T}[预警]="逾期")`,
  };
  type Side = typeof live;
  const was = (s: Side, what: "已完成" | "逾期") =>
    `MATCH("任务|"&${s.id}&"|${what}",${prevKey(what === "已完成" ? "状态" : "预警")},0)`;
  const both = (f: (s: Side) => string) => `IF(${prevK}=0,"",IF(${curK}>0,${f(closed)},${f(live)}))`;
  const twice = (s: Side) => `${s.task}*${s.overdue}*ISNUMBER(${was(s, "逾期")})`;
  const cells: Cell[] = [
    formula(`YEAR(${AS_OF_NAME})&"-"&RIGHT("0"&MONTH(${AS_OF_NAME}),2)&"-"&RIGHT("0"&DAY(${AS_OF_NAME}),2)`),
    formula(`SUMPRODUCT((${periods}<>"")*(${periods}<${asText}))`),
    formula(`IF(${prevK}>=${MAX_PERIODS},0,IF(INDEX(${periods},${prevK}+1)=${asText},${prevK}+1,0))`),
    formula(`IF(${prevK}=0,"",INDEX(${periods},${prevK}))`),
    formula(`IF(${prevK}=0,"",INDEX(${starts},${prevK}))`),
    formula(`IF(${prevK}=0,"",${ps}+INDEX(${counts},${prevK})-1)`),
    formula(`IF(${curK}=0,"",INDEX(${starts},${curK}))`),
    formula(`IF(${curK}=0,"",${cs}+INDEX(${counts},${curK})-1)`),
    formula(both((s) => `SUMPRODUCT(${s.task}*${s.done}*ISNA(${was(s, "已完成")}))`)),
    formula(both((s) => `SUMPRODUCT(${s.task}*${s.overdue}*ISNA(${was(s, "逾期")}))`)),
    formula(both((s) => `SUMPRODUCT(${twice(s)})`)),
    // The k-th smallest number among tasks overdue twice (SUMPRODUCT makes SMALL take the array everywhere).
    ...ids.map((_, k) =>
      formula(
        `IF(OR(${tw}="",${k + 1}>${tw}),"",${both(
          (s) =>
            `SUMPRODUCT(SMALL(${twice(s)}*("0"&SUBSTITUTE(${s.id},"-",""))+(1-${twice(s)})*1E+9,${k + 1}))`,
        )})`,
      ),
    ),
  ];
  return cells.map((cell, j) => ({ row: first + j, col, cell }));
}

/** The sentence, character for character as `changesSentence` writes it, from the helpers. */
function changesFormula(first: number): string {
  const at = (j: number) => `$${CHANGES}$${first + j}`;
  const [prevK, prev, nd, no, tw] = [at(1), at(3), at(8), at(9), at(10)];
  const ids = Array.from({ length: TWICE_NAMED }, (_, k) => at(11 + k));
  const list = ids.map((c, k) => (k === 0 ? c : `IF(${c}="","","、"&${c})`)).join("&");
  return (
    `IF(${prevK}=0,${lit(PLACEHOLDER.changes)},"与上期（"&${prev}&"）相比，本期新完成"&${nd}&"项、新增逾期"&${no}&"项，"&` +
    `IF(${tw}>0,"连续两期逾期的任务"&${tw}&"项（第"&${list}&"项"&IF(${tw}>${TWICE_NAMED},"等","")&"）","没有连续两期逾期的任务")&"。")`
  );
}
