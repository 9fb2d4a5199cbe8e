/**
 * 别名统计 (hidden): the 单位 sheet's aliases one per row, with each alias's own counts, so that a unit's
 * figures on 仪表盘 and 单位 are its name's counts plus a SUMIF over its aliases' rows, however many aliases
 * it has. Excel 2016 cannot split a cell into a list, so the split is laid out here: block A reads the 别名
 * cell of each of the first `ALIAS_UNIT_ROWS` rows of the 单位 table and counts its pieces (with the running
 * total before it); block B gives alias number j (1…`ALIAS_ROWS`) its unit by MATCH on the running totals
 * and its text by MID. Empty rows of block B compute nothing (IF short-circuits), so the cost follows the
 * aliases staff actually enter. The engine reads the same aliases (`countedAliases`).
 */
import { TABLES } from "../../ledger/vocabulary";
import { ALIAS_ROWS, ALIAS_UNIT_ROWS, allAliasPieces } from "../../ledger/aliases";
import { countPatterns, escapedText, statusIs, unitPatterns, warningIs } from "../../dashboard/formulas";
import { unitMatches, warningAsStored } from "../../dashboard/summary";
import type { CountedRow } from "../../dashboard/rows";
import { emptySheet, formula, type Cell, type SheetSpec } from "../spec";

export const ALIAS_SHEET = "别名统计";
/** The workbook name that marks the sheet as the tool's (as `SHEET_MARKERS` mark the others). */
export const ALIAS_SHEET_MARKER = "PlanLedger_Aliases";

/** The figures each alias row counts, in column order (names as in `Figures`). */
export const ALIAS_FIGURES = [
  { key: "total", extra: [] as string[] },
  { key: "done", extra: statusIs("已完成") },
  { key: "doneLate", extra: warningIs("逾期完成") },
  { key: "inProgress", extra: statusIs("推进中") },
  { key: "notStarted", extra: statusIs("未启动") },
  { key: "overdue", extra: warningIs("逾期") },
  { key: "dueSoon", extra: warningIs("临期") },
] as const;

const A = { index: "A", name: "B", unified: "C", count: "D", before: "E" };
const B = { j: "G", unit: "H", k: "I", alias: "J", owner: "K", escaped: "L" };
/** The alias's four COUNTIFS patterns (see `unitPatterns`), from M. */
const PATTERN_COL = 13; // M
/** First figure column of block B; the responsible-unit count follows the figures. */
const FIGURE_COL = 17; // Q
const col = (n: number) => String.fromCharCode(64 + n);
const lastRow = (n: number) => n + 1;
const range = (c: string, n: number) => `'${ALIAS_SHEET}'!$${c}$2:$${c}$${lastRow(n)}`;

/** Where the dashboard and 单位 read the alias rows: owner names, unit positions, a figure's column. */
export const aliasRanges = {
  owner: range(B.owner, ALIAS_ROWS),
  unitIndex: range(B.unit, ALIAS_ROWS),
  figure: (key: (typeof ALIAS_FIGURES)[number]["key"]) =>
    range(col(FIGURE_COL + ALIAS_FIGURES.findIndex((f) => f.key === key)), ALIAS_ROWS),
  responsible: range(col(FIGURE_COL + ALIAS_FIGURES.length), ALIAS_ROWS),
};

/**
 * The sheet, with cached results for `units` (name and 别名 of each 单位 row, in order) over `tasks` at
 * `asOf`; `responsible` gives the 责任单位 cell of each task row, for the cached 参与任务数 counts.
 */
export function aliasSheet(
  units: { name: string; aliases: string }[],
  tasks: CountedRow[],
  asOf: string,
  responsible: (row: CountedRow) => string = () => "",
): SheetSpec {
  const s = emptySheet(ALIAS_SHEET);
  s.hidden = true;
  const unified = (i: number) => (units[i]?.aliases ?? "").replace(/[，、；;]/g, ",");
  const pieces = (i: number) => (/^ *$/.test(unified(i)) ? 0 : unified(i).split(",").length);
  // Alias number j's text, as block B finds it (empty pieces keep their place).
  const slots: string[] = [];
  for (let i = 0; i < Math.min(units.length, ALIAS_UNIT_ROWS); i++)
    if (pieces(i)) slots.push(...allAliasPieces(units[i].aliases));
  const rows: Cell[][] = [
    [
      "单位序号",
      "单位名称",
      "别名（逗号分隔）",
      "别名个数",
      "此前别名数",
      null,
      "别名序号",
      "单位序号",
      "单位中第几个",
      "别名",
      "所属单位",
      "别名（条件用）",
      "条件1",
      "条件2",
      "条件3",
      "条件4",
      ...ALIAS_FIGURES.map((f) => f.key),
      "responsible",
    ],
  ];
  const unitRange = (c: string) => `$${c}$2:$${c}$${lastRow(ALIAS_UNIT_ROWS)}`;
  // The position of alias j's piece within its unit, for cached results.
  let before = 0;
  const befores: number[] = [];
  for (let i = 0; i < ALIAS_UNIT_ROWS; i++) {
    befores.push(before);
    before += pieces(i);
  }
  const slotOf = (j: number) => {
    let i = 0;
    for (let x = 0; x < ALIAS_UNIT_ROWS; x++) if (befores[x] <= j - 1) i = x;
    return i;
  };
  const live = tasks.filter((t) => t.id !== "");
  for (let r = 2; r <= Math.max(lastRow(ALIAS_UNIT_ROWS), lastRow(ALIAS_ROWS)); r++) {
    const row: Cell[] = Array(FIGURE_COL + ALIAS_FIGURES.length).fill(null);
    const i = r - 2;
    if (i < ALIAS_UNIT_ROWS) {
      const prev = r - 1;
      row[0] = i + 1;
      row[1] = formula(
        `IFERROR(INDEX(${TABLES.units}[单位名称],${A.index}${r})&"","")`,
        units[i]?.name ?? "",
      );
      row[2] = formula(
        `IFERROR(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(INDEX(${TABLES.units}[别名],${A.index}${r})&"","，",","),"、",","),"；",","),";",","),"")`,
        unified(i),
      );
      row[3] = formula(
        `IF(TRIM(${A.unified}${r})="",0,LEN(${A.unified}${r})-LEN(SUBSTITUTE(${A.unified}${r},",",""))+1)`,
        pieces(i),
      );
      row[4] = r === 2 ? 0 : formula(`${A.before}${prev}+${A.count}${prev}`, befores[i]);
    }
    if (i < ALIAS_ROWS) {
      const j = i + 1;
      const unitAt = slotOf(j);
      const k = j - befores[unitAt];
      const alias = slots[i] ?? "";
      const owner = units[unitAt]?.name ?? "";
      row[6] = j;
      row[7] = formula(`MATCH(${B.j}${r}-1,${unitRange(A.before)},1)`, unitAt + 1);
      row[8] = formula(`${B.j}${r}-INDEX(${unitRange(A.before)},${B.unit}${r})`, k);
      row[9] = formula(
        `IF(${B.k}${r}>INDEX(${unitRange(A.count)},${B.unit}${r}),"",TRIM(MID(SUBSTITUTE(INDEX(${unitRange(A.unified)},${B.unit}${r}),",",REPT(" ",99)),(${B.k}${r}-1)*99+1,99)))`,
        alias,
      );
      row[10] = formula(`INDEX(${unitRange(A.name)},${B.unit}${r})`, owner);
      row[11] = formula(
        escapedText(`${B.alias}${r}`),
        alias.replace(/~/g, "~~").replace(/\*/g, "~*").replace(/\?/g, "~?"),
      );
      const esc = `$${B.escaped}${r}`;
      unitPatterns(esc).forEach((p, n) => (row[PATTERN_COL - 1 + n] = formula(p, patternsOf(row[11])[n])));
      const patterns = `$${col(PATTERN_COL)}${r}:$${col(PATTERN_COL + 3)}${r}`;
      ALIAS_FIGURES.forEach((f, n) => {
        const cached = alias ? figureOf(live, alias, f.key, asOf) : 0;
        row[FIGURE_COL - 1 + n] = formula(
          `IF($${B.alias}${r}="",0,${countPatterns(`${TABLES.ledger}[牵头单位]`, patterns, ...f.extra)})`,
          cached,
        );
      });
      row[FIGURE_COL - 1 + ALIAS_FIGURES.length] = formula(
        `IF($${B.alias}${r}="",0,${countPatterns(`${TABLES.ledger}[责任单位]`, patterns)})`,
        alias ? live.reduce((n, t) => n + unitMatches(responsible(t), alias), 0) : 0,
      );
    }
    rows.push(row);
  }
  s.rows = rows;
  s.columns = Array.from({ length: FIGURE_COL + ALIAS_FIGURES.length }, () => ({ width: 10 }));
  return s;
}

/** The cached texts of the four patterns of an escaped name cell. */
function patternsOf(escaped: Cell): string[] {
  const e =
    escaped && typeof escaped === "object" && escaped.kind === "formula" ? String(escaped.result) : "";
  return [`=${e}`, `=${e}、*`, `=*、${e}`, `=*、${e}、*`];
}

/** One figure of the rows naming `alias` (as the COUNTIFS patterns match it), for the cached result. */
function figureOf(rows: CountedRow[], alias: string, key: string, asOf: string): number {
  let n = 0;
  for (const t of rows) {
    const w = unitMatches(t.lead, alias);
    if (!w) continue;
    const warning = warningAsStored(t, asOf);
    const hit =
      key === "total" ||
      (key === "done" && t.status === "已完成") ||
      (key === "inProgress" && t.status === "推进中") ||
      (key === "notStarted" && t.status === "未启动") ||
      (key === "doneLate" && warning === "逾期完成") ||
      (key === "overdue" && warning === "逾期") ||
      (key === "dueSoon" && warning === "临期");
    if (hit) n += w;
  }
  return n;
}
