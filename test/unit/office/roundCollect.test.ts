/**
 * The monthly round in the add-in, through the strict fake and through Microsoft's own Excel client library
 * (host emulator behind it). The seed's ledger is built in the open workbook and carries last month's entries;
 * the units' returns are the ones the command line's split made from the same ledger, filled the way staff
 * fill them (renamed, sorted, widened, conflicting with the master and with each other, invalid rows, a row
 * pasted from someone else, one unit silent: test/support/roundReturns.ts, which also says on its own what
 * collect must take and list). 分发 in the pane makes the same copies as `split`; 导入反馈表 prints the same
 * report as `collect --dry-run`, writes exactly the entries collect takes (plus staff's decisions) and nothing
 * else, records them in 来源记录, and its syncs do not grow with the rows.
 */
import * as fs from "fs";
import { tmpdir } from "os";
import path from "path";
import { conflictId, describeCollect, rowEntries, type ConflictDecision } from "../../../src/ledger/round";
import { capabilitiesFor } from "../../../src/render/office/capabilities";
import { WorkbookHost } from "../../../src/render/office/host";
import { enterInto } from "../../../src/render/office/memory/excelInput";
import {
  getCell,
  newSheet,
  newWorkbook,
  type MemorySheet,
  type MemoryWorkbook,
} from "../../../src/render/office/memory/state";
import type { RunBatch } from "../../../src/render/office/api";
import {
  importReturns,
  planRoundCollect,
  readRoundLedger,
  writeRoundCollect,
} from "../../../src/render/office/roundCollect";
import { readReturnedCopy } from "../../../src/render/xlsx/collectReturns";
import { readReturns } from "../../../src/taskpane/roundImport";
import { splitInPane } from "../../../src/taskpane/roundSplit";
import { runCli } from "../../support/cli";
import { seedPlan } from "../../support/ledgerFile";
import { makeRound, ROUND, type RoundFixture } from "../../support/roundReturns";
import { ExcelEmulator, LATEST } from "../../support/office/emulator";
import { SHELLS, type Shell } from "../../support/office/shells";

const LIMIT = 4.5 * 1024 * 1024;
const WHEN = "2022-10-08 09:30";

let fx: RoundFixture;
let cliReport: string;
beforeAll(async () => {
  fx = await makeRound(fs.mkdtempSync(path.join(tmpdir(), "pl-pane-round-")));
  const r = await runCli(["collect", fx.master, ...fx.returns, "--dry-run"]);
  cliReport = r.stdout.split("\n").slice(1).join("\n").trimEnd();
}, 180_000);

const sheet = (book: MemoryWorkbook, name: string) => book.sheets.find((s) => s.name === name)!;

function headers(s: MemorySheet): Map<string, number> {
  const m = new Map<string, number>();
  for (const [k, c] of s.cells) {
    const [r, col] = k.split(",").map(Number);
    if (r === 1 && typeof c.value === "string") m.set(c.value, col);
  }
  return m;
}
function rowOfTask(s: MemorySheet, id: string): number {
  const col = headers(s).get("序号")!;
  for (const [k, c] of s.cells) {
    const [r, cc] = k.split(",").map(Number);
    if (cc === col && r > 1 && String(c.value) === id) return r;
  }
  throw new Error(`no task ${id}`);
}
/** Staff type into the ledger (Excel's conversions of what is typed apply). */
function type(book: MemoryWorkbook, id: string, column: string, value: string) {
  const s = sheet(book, "任务台账");
  enterInto(getCell(s, rowOfTask(s, id), headers(s).get(column)!), value, false);
}

/** The master in the open workbook, as the command line's fixture keeps its file: built, then last month's entries. */
async function masterBook(make: (b: MemoryWorkbook) => Shell) {
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  const shell = make(book);
  await new WorkbookHost(shell.run, capabilitiesFor(shell.supports), () => ROUND).generate(seedPlan, ROUND);
  for (let id = 5; id <= 118; id += 5) {
    type(book, String(id), "状态", "推进中");
    type(book, String(id), "进展情况", `上月：任务${id}已启动`);
  }
  return { book, shell };
}
/** After the split, the office changed some notes in the master (the fixture did the same to its file). */
function officeEdits(book: MemoryWorkbook) {
  for (const [cell, value] of fx.masterKeeps) {
    const [key, column] = cell.split("|");
    type(book, key.split(" ")[1], column, value);
  }
}

const picked = () =>
  fx.returns.map((f) => ({ name: path.basename(f), bytes: new Uint8Array(fs.readFileSync(f)) }));

/** Every cell of every sheet as text (value, formula, format, style), to find what changed. */
function cellsOf(book: MemoryWorkbook): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of book.sheets)
    for (const [k, c] of s.cells)
      m.set(
        `${s.name}!${k}`,
        JSON.stringify([c.value, c.formula ?? null, c.quoted ?? false, c.numberFormat, c.style]),
      );
  return m;
}

async function staffTexts(run: RunBatch) {
  const { snapshot } = await readRoundLedger(run, ROUND);
  const out = new Map<string, { text: string; address: string; sheet: string }>();
  for (const r of [...rowEntries(snapshot.ledger, "task"), ...rowEntries(snapshot.milestones, "milestone")])
    for (const [c, v] of Object.entries(r.values))
      out.set(`${r.key}|${c}`, { text: v.text, address: r.address[c], sheet: r.sheet });
  return out;
}

describe.each(SHELLS)("through the %s", (_name, make) => {
  test("分发 makes the copies `split` made: same units, file names, marker, baseline and every cell", async () => {
    const { shell } = await masterBook(make);
    const { snapshot, asOf } = await readRoundLedger(shell.run, "2030-01-01");
    expect(asOf).toBe(ROUND);
    const split = await splitInPane(snapshot, asOf, WHEN);
    const cliDir = path.join(fx.dir, "分发");
    expect(split.copies.map((c) => c.file).sort()).toEqual(fs.readdirSync(cliDir).sort());
    for (const c of split.copies) {
      const ours = readReturnedCopy(c.bytes);
      const theirs = readReturnedCopy(fs.readFileSync(path.join(cliDir, c.file)));
      expect({ ...ours.marker, issued: "" }).toEqual({ ...theirs.marker, issued: "" });
      expect(ours.baseline).toEqual(theirs.baseline);
      // Every cell of both sheets alike (plan columns, dates, formulas), as the command line wrote them.
      const cells = (s: typeof ours.ledger | null) =>
        (s?.rows ?? []).map((r) =>
          Object.fromEntries(
            Object.entries(r.cells).map(([h, c]) => [h, [c.value, c.formula ?? null, c.numFmt]]),
          ),
        );
      expect(cells(ours.ledger)).toEqual(cells(theirs.ledger));
      expect(cells(ours.milestones)).toEqual(cells(theirs.milestones));
      expect(ours.ledger.rows.length).toBe(c.tasks);
    }
    expect(split.zip.file).toMatch(/-分发-2022-09-30\.zip$/);
    // Tasks the plan names no lead for go to nobody, and the pane says which (as `split` does).
    expect(split.noLead).toEqual(seedPlan.tasks.filter((t) => !t.leadUnits.length).map((t) => String(t.id)));
    expect(split.noLead.length).toBeGreaterThan(0);
  });

  test("导入反馈表's dry run reports what `collect --dry-run` reports, and writes nothing", async () => {
    const { book, shell } = await masterBook(make);
    officeEdits(book);
    const before = cellsOf(book);
    const { plan } = await shell.run((c) => planRoundCollect(c, readReturns(picked()), ROUND));
    expect(describeCollect(plan.outcome)).toBe(cliReport);
    expect(plan.outcome.merge.taken.length).toBe(fx.taken.size);
    expect(new Set(plan.outcome.merge.conflicts.map((c) => `${c.key}|${c.column}`))).toEqual(fx.conflicts);
    expect(plan.outcome.notReported).toEqual(fx.missingUnits);
    expect(cellsOf(book)).toEqual(before);
  });

  test("writing takes every entry collect takes, leaves conflicts and every other cell, records the sources", async () => {
    const { book, shell } = await masterBook(make);
    officeEdits(book);
    const was = await staffTexts(shell.run);
    const before = cellsOf(book);
    const sheetsBefore = book.sheets.map((s) => s.name);
    const r = await shell.run((c) => writeRoundCollect(c, readReturns(picked()), [], ROUND, WHEN));
    expect(r.written).toBe(fx.taken.size);
    expect(r.sourcesSheet).toBe("来源记录");

    const now = await staffTexts(shell.run);
    for (const [cell, v] of was)
      expect([cell, now.get(cell)?.text]).toEqual([cell, fx.taken.get(cell) ?? v.text]);
    for (const [cell, value] of fx.masterKeeps) expect(now.get(cell)?.text).toBe(value);

    // Only the cells taken changed (value, and a date format where a date went into an unformatted cell).
    const takenAt = new Set(
      [...fx.taken.keys()].map((cell) => `${was.get(cell)!.sheet}!${was.get(cell)!.address}`),
    );
    const after = cellsOf(book);
    const toKey = (k: string) => {
      const [s, rc] = k.split("!");
      const [row, col] = rc.split(",").map(Number);
      return `${s}!${String.fromCharCode(64 + col)}${row}`;
    };
    // Besides them, only the dashboard's round section (test/unit/office/roundImport.test.ts compares it with collect's).
    const own = (k: string) => takenAt.has(toKey(k)) || k.startsWith("仪表盘!");
    for (const [k, v] of before) if (after.get(k) !== v) expect([k, own(k)]).toEqual([k, true]);
    for (const k of after.keys())
      if (!before.has(k) && !k.startsWith("来源记录!")) expect([k, own(k)]).toEqual([k, true]);
    expect(book.sheets.map((s) => s.name)).toEqual([...sheetsBefore, "来源记录"]);
    expect(book.names.get("PlanLedger_Sources")).toMatch(/来源记录/);

    // 来源记录: header, then one row per file received, per entry taken, per conflict value and per missing unit.
    const src = sheet(book, "来源记录");
    const col = (c: number) =>
      [...src.cells].filter(([k]) => Number(k.split(",")[1]) === c).map(([, v]) => String(v.value ?? ""));
    expect(col(1)[0]).toBe("收集时间");
    const handling = col(5);
    expect(handling.filter((h) => h === "收到").length).toBe(fx.returns.length);
    expect(handling.filter((h) => h === "采用").length).toBeGreaterThanOrEqual(fx.taken.size);
    expect(handling.filter((h) => h === "未报送").length).toBe(fx.missingUnits.length);
    expect(handling.filter((h) => h === "冲突未采用").length).toBeGreaterThanOrEqual(fx.conflicts.size);

    for (const bytes of shell.requests()) expect(bytes).toBeLessThan(LIMIT);
  });

  test("conflicts decided one by one: a return's value taken, the master's kept, each recorded", async () => {
    const { book, shell } = await masterBook(make);
    officeEdits(book);
    const files = readReturns(picked());
    const { plan } = await shell.run((c) => planRoundCollect(c, files, ROUND));
    const [first, second] = plan.outcome.merge.conflicts;
    const decisions: ConflictDecision[] = [
      { key: first.key, column: first.column, take: first.returns[first.returns.length - 1].file },
      { key: second.key, column: second.column, take: "master" },
    ];
    const r = await shell.run((c) => writeRoundCollect(c, files, decisions, ROUND, WHEN));
    expect(r.decided).toBe(1);
    expect(r.written).toBe(fx.taken.size + 1);
    const now = await staffTexts(shell.run);
    expect(now.get(`${first.key}|${first.column}`)?.text).toBe(first.returns[first.returns.length - 1].value);
    expect(now.get(`${second.key}|${second.column}`)?.text).toBe(second.master);
    const rows = [...sheet(book, "来源记录").cells]
      .filter(([k]) => k.endsWith(",5"))
      .map(([k, v]) => [Number(k.split(",")[0]), String(v.value)] as const);
    const handled = rows.map(([, v]) => v);
    expect(handled).toContain("冲突已决定采用");
    expect(handled).toContain("冲突保留总台账");
    expect(conflictId(first)).not.toBe(conflictId(second));
  });

  test("a second import appends to the same 来源记录; a staff sheet called 来源记录 is never written", async () => {
    const { book, shell } = await masterBook(make);
    const staff = newSheet("来源记录");
    getCell(staff, 1, 1).value = "我们自己的表";
    book.sheets.push(staff);
    const one = readReturns(picked().slice(0, 1));
    const first = await shell.run((c) => writeRoundCollect(c, one, [], ROUND, WHEN));
    expect(first.sourcesSheet).toBe("来源记录（台账助手）");
    const height = () =>
      Math.max(...[...sheet(book, first.sourcesSheet).cells.keys()].map((k) => Number(k.split(",")[0])));
    const h1 = height();
    const second = await shell.run((c) => writeRoundCollect(c, one, [], ROUND, WHEN));
    expect(second.sourcesSheet).toBe(first.sourcesSheet);
    expect(height()).toBeGreaterThan(h1);
    expect([...staff.cells.values()].map((c) => c.value)).toEqual(["我们自己的表"]);
    expect(book.sheets.filter((s) => s.name.startsWith("来源记录")).length).toBe(2);
    // A later import of the same round counts the unit received before as reported (as `collect` does).
    const firstUnit = first.plan.outcome.files[0].unit;
    const { plan } = await shell.run((c) => planRoundCollect(c, readReturns(picked().slice(1, 2)), ROUND));
    expect(plan.outcome.files[0].unit).not.toBe(firstUnit);
    expect(plan.outcome.notReported).not.toContain(firstUnit);
    expect(plan.outcome.notReported).not.toContain(plan.outcome.files[0].unit);
  });

  test("the syncs of a write do not grow with the entries written", async () => {
    const counts: number[] = [];
    for (const n of [1, fx.returns.length]) {
      const { shell } = await masterBook(make);
      const files = readReturns(picked().slice(0, n));
      const before = shell.syncs();
      const r = await shell.run((c) => writeRoundCollect(c, files, [], ROUND, WHEN));
      expect(r.written).toBeGreaterThan(0);
      counts.push(shell.syncs() - before);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

test("files that are not copies are listed with the reason, the others taken", async () => {
  const { book, shell } = await masterBook(SHELLS[0][1]);
  const files = [
    ...picked().slice(0, 2),
    { name: "总台账.xlsx", bytes: new Uint8Array(fs.readFileSync(fx.master)) },
    { name: "随便.txt", bytes: new TextEncoder().encode("不是表格") },
  ];
  const { plan } = await shell.run((c) => planRoundCollect(c, readReturns(files), ROUND));
  expect(plan.outcome.files.length).toBe(2);
  expect(plan.outcome.unusable.map((u) => u.file)).toEqual(["总台账.xlsx", "随便.txt"]);
  expect(plan.outcome.unusable[0].reason).toMatch(/不是台账助手分发的报送表.*请/);
  expect(plan.outcome.unusable[1].reason).toMatch(/不是 \.xlsx.*请/);
  expect(book.sheets.some((s) => s.name === "来源记录")).toBe(false);
});

test("导入反馈表 uses no member above ExcelApi 1.4 (the manifest's minimum), through Microsoft's library", async () => {
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  const excel = new ExcelEmulator(book, 4);
  await new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ROUND).generate(seedPlan, ROUND);
  excel.stats.members.clear();
  const r = await excel.run((c) => writeRoundCollect(c, readReturns(picked()), [], ROUND, WHEN));
  expect(r.written).toBeGreaterThan(0);
  const above = [...excel.stats.members].filter(([, minor]) => minor > 4);
  expect(above).toEqual([]);
  expect(excel.stats.members.size).toBeGreaterThan(5);
});

test("a write Excel refuses half-way is undone, and the message says the ledger is as before", async () => {
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  const excel = new ExcelEmulator(book, LATEST);
  await new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ROUND).generate(seedPlan, ROUND);
  const sheetsBefore = book.sheets.map((s) => s.name);
  excel.failOn = (member) => member === "WorksheetCollection.add";
  await expect(importReturns(excel.run, readReturns(picked()), [], ROUND, WHEN)).rejects.toThrow(
    /导入时出错.*这次导入已写入的内容已全部撤销，台账和导入前一样.*再点“写入台账”/,
  );
  expect(book.sheets.map((s) => s.name)).toEqual(sheetsBefore);
});
