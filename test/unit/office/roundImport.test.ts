/**
 * 导入反馈表 through the strict fake and Microsoft's client library: the tool's sheets found by their markers (a
 * renamed 任务台账 works, a staff sheet named 任务台账 is not touched), the dashboard's round section written as
 * `plan-ledger collect` writes it (same cells, same formulas; staff content there stops the import with
 * nothing written), and a write that fails at any request, in any of the three ways a request fails, undone:
 * every cell, sheet, table, name and rule as before, and staff told so.
 */
import * as fs from "fs";
import { tmpdir } from "os";
import path from "path";
import { capabilitiesFor } from "../../../src/render/office/capabilities";
import { WorkbookHost } from "../../../src/render/office/host";
import { fakeRun, supportsOf, type SyncStats } from "../../../src/render/office/memory/fakeExcel";
import { enterInto } from "../../../src/render/office/memory/excelInput";
import { getCell, newSheet, newWorkbook, type MemoryWorkbook } from "../../../src/render/office/memory/state";
import { importReturns } from "../../../src/render/office/roundCollect";
import { openLedgerPackage, sheetXml } from "../../../src/render/xlsx/package/ledgerPackage";
import { gridFromXml } from "../../../src/render/xlsx/package/readGrid";
import { readReturns } from "../../../src/taskpane/roundImport";
import type { ReturnedFile } from "../../../src/ledger/round";
import { runCli } from "../../support/cli";
import { seedPlan } from "../../support/ledgerFile";
import { makeRound, ROUND, type RoundFixture } from "../../support/roundReturns";
import { FAULT_MODES, SHELLS, stateOf, type Shell } from "../../support/office/shells";

const WHEN = "2022-10-08 09:30";

let fx: RoundFixture;
let returned: ReturnedFile[];
let built: MemoryWorkbook;
/** The dashboard's cells `collect` changed in the command line's master: `row,col` → formula or text. */
let cliSection: Map<string, string>;

const sheet = (book: MemoryWorkbook, name: string) => book.sheets.find((s) => s.name === name)!;
function columnOf(book: MemoryWorkbook, name: string, header: string): number {
  for (const [k, c] of sheet(book, name).cells)
    if (k.startsWith("1,") && c.value === header) return Number(k.split(",")[1]);
  throw new Error(`no ${header}`);
}
function rowOfTask(book: MemoryWorkbook, name: string, id: string): number {
  const col = columnOf(book, name, "序号");
  for (const [k, c] of sheet(book, name).cells) {
    const [r, cc] = k.split(",").map(Number);
    if (cc === col && r > 1 && String(c.value) === id) return r;
  }
  throw new Error(`no task ${id}`);
}
function type(book: MemoryWorkbook, id: string, column: string, value: string, ledger = "任务台账") {
  enterInto(
    getCell(sheet(book, ledger), rowOfTask(book, ledger, id), columnOf(book, ledger, column)),
    value,
    false,
  );
}

beforeAll(async () => {
  fx = await makeRound(fs.mkdtempSync(path.join(tmpdir(), "pl-pane-import-")));
  returned = readReturns(
    fx.returns.map((f) => ({ name: path.basename(f), bytes: new Uint8Array(fs.readFileSync(f)) })),
  );
  // The master in the open workbook as the fixture keeps its file: built, last month's entries, the office's edits.
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  const stats: SyncStats = { syncs: 0, requestBytes: [] };
  await new WorkbookHost(fakeRun(book, stats), capabilitiesFor(supportsOf(book)), () => ROUND).generate(
    seedPlan,
    ROUND,
  );
  for (let id = 5; id <= 118; id += 5) {
    type(book, String(id), "状态", "推进中");
    type(book, String(id), "进展情况", `上月：任务${id}已启动`);
  }
  for (const [cell, value] of fx.masterKeeps) {
    const [key, column] = cell.split("|");
    type(book, key.split(" ")[1], column, value);
  }
  built = book;
  // What the command line's collect writes on the dashboard.
  const out = path.join(fx.dir, "收集后.xlsx");
  const r = await runCli(["collect", fx.master, ...fx.returns, "-o", out]);
  expect(r.stderr).not.toMatch(/Error|错误：/);
  const cells = (file: string) => {
    const lp = openLedgerPackage(new Uint8Array(fs.readFileSync(file)));
    const g = gridFromXml(sheetXml(lp, "dashboard")!, lp.ctx);
    const m = new Map<string, string>();
    g.values.forEach((row, i) =>
      row.forEach((v, j) => {
        const f = g.formulas?.[i]?.[j];
        const shown = typeof f === "string" ? f : v === null || v === undefined ? "" : String(v);
        if (shown !== "") m.set(`${i + 1},${j + 1}`, shown);
      }),
    );
    return m;
  };
  const [was, now] = [cells(fx.master), cells(out)];
  cliSection = new Map([...now].filter(([k, v]) => was.get(k) !== v));
}, 240_000);

const dashboardCells = (book: MemoryWorkbook) => {
  const m = new Map<string, string>();
  for (const [k, c] of sheet(book, "仪表盘").cells) {
    const shown = c.formula ?? (c.value === null || c.value === undefined ? "" : String(c.value));
    if (shown !== "") m.set(k, shown);
  }
  return m;
};

describe.each(SHELLS)("through the %s", (_label, make) => {
  const setUp = () => {
    const book = structuredClone(built);
    return { book, shell: make(book) };
  };
  const importAll = (shell: Shell) => importReturns(shell.run, returned, [], ROUND, WHEN);

  test("the dashboard's round section is written as `collect` writes it: the same cells, the same formulas", async () => {
    const { book, shell } = setUp();
    const before = dashboardCells(book);
    const r = await importAll(shell);
    expect(r.dashboard).toBe(true);
    const after = dashboardCells(book);
    const changed = new Map([...after].filter(([k, v]) => before.get(k) !== v));
    // 未报送's formulas, the trend's placeholders, the unit list: what collect changed, the pane changed alike.
    expect(cliSection.size).toBeGreaterThan(30);
    expect(changed).toEqual(cliSection);
    expect([...changed.values()].some((f) => f.includes("'来源记录'!"))).toBe(true);
  });

  test("a renamed 任务台账 is found by its marker; a staff sheet named 任务台账 is left alone", async () => {
    const { book, shell } = setUp();
    sheet(book, "任务台账").name = "任务台账（2022）";
    for (const [n, ref] of book.names)
      book.names.set(n, ref.split("'任务台账'!").join("'任务台账（2022）'!"));
    const staff = newSheet("任务台账");
    getCell(staff, 1, 1).value = "序号";
    getCell(staff, 1, 2).value = "我们自己的记录";
    getCell(staff, 2, 1).value = 1;
    book.sheets.push(staff);
    const staffBefore = JSON.stringify([...staff.cells]);
    const r = await importAll(shell);
    expect(r.written).toBe(fx.taken.size);
    expect(JSON.stringify([...staff.cells])).toBe(staffBefore);
    const [first] = [...fx.taken];
    const [key, column] = first[0].split("|");
    const c = getCell(
      sheet(book, "任务台账（2022）"),
      rowOfTask(book, "任务台账（2022）", key.split(" ")[1]),
      columnOf(book, "任务台账（2022）", column),
    );
    expect(String(c.value)).toBe(first[1]);
  });

  test("staff text typed in the section stops the import before anything is written, naming the cell", async () => {
    const { book, shell } = setUp();
    const dash = sheet(book, "仪表盘");
    const title = [...dash.cells].find(([, c]) => String(c.value).startsWith("历次完成率"))!;
    const row = Number(title[0].split(",")[0]);
    getCell(dash, row + 3, 21).value = "请各单位周五前报送";
    const before = stateOf(book);
    await expect(importAll(shell)).rejects.toThrow(/本轮统计区.*U\d+（“请各单位周五前报送”）.*没有写入/);
    expect(stateOf(book)).toEqual(before);
  });

  test.each(FAULT_MODES)(
    "each request failing in turn (%s): every cell, sheet, table, name and rule as before, and staff told so",
    async (mode) => {
      const probe = setUp();
      const from = probe.shell.syncs();
      await importAll(probe.shell);
      const n = probe.shell.syncs() - from;
      expect(n).toBeGreaterThanOrEqual(4);
      let undone = 0;
      for (let k = 1; k <= n; k++) {
        const { book, shell } = setUp();
        const before = stateOf(book);
        shell.fail({ at: [shell.syncs() + k], mode });
        const outcome = await importAll(shell).then(
          () => "done",
          (err: Error) => err.message,
        );
        if (outcome === "done") continue; // the library's clean-up request after the batch
        expect([k, outcome]).toEqual([
          k,
          expect.stringMatching(/没有写入任何东西|已全部撤销，台账和导入前一样/),
        ]);
        if (/已全部撤销/.test(outcome)) undone++;
        expect([k, stateOf(book)]).toEqual([k, before]);
      }
      expect(undone).toBeGreaterThan(0);
    },
    300_000,
  );

  /** The last request of an import that writes (a failure there is undone), counted from the shell's syncs. */
  async function lastWrite(book: MemoryWorkbook, files: ReturnedFile[]): Promise<number> {
    const probe = make(structuredClone(book));
    const from = probe.syncs();
    await importReturns(probe.run, files, [], ROUND, WHEN);
    for (let k = probe.syncs() - from; k > 0; k--) {
      const trial = make(structuredClone(book));
      trial.fail({ at: [trial.syncs() + k], mode: "rejected" });
      const message = await importReturns(trial.run, files, [], ROUND, WHEN).then(
        () => "",
        (err: Error) => err.message,
      );
      if (/撤销/.test(message)) return k;
    }
    throw new Error("no request of the import writes");
  }

  test("a ledger from before the section: placed below the dashboard's content, named, formatted; undone whole on failure", async () => {
    const { book, shell } = setUp();
    const dash = sheet(book, "仪表盘");
    // What such a ledger has: no names, no title or sentence, nothing from the changes label down.
    const label = [...dash.cells].find(([, c]) => c.value === "本期变化")!;
    const from = Number(label[0].split(",")[0]);
    for (const k of [...dash.cells.keys()]) if (Number(k.split(",")[0]) >= from) dash.cells.delete(k);
    book.names.delete("PlanLedger_RoundSection");
    book.names.delete("PlanLedger_Changes");
    const last = Math.max(...[...dash.cells.keys()].map((k) => Number(k.split(",")[0])));
    const before = stateOf(book);

    const k = await lastWrite(book, returned);
    shell.fail({ at: [shell.syncs() + k], mode: "partial" });
    await expect(importAll(shell)).rejects.toThrow(/已全部撤销/);
    expect(stateOf(book)).toEqual(before);

    shell.fail(null);
    const r = await importAll(shell);
    expect(r.dashboard).toBe(true);
    const anchor = /\$A\$(\d+)$/.exec(book.names.get("PlanLedger_RoundSection")!)!;
    const top = Number(anchor[1]);
    expect(book.names.get("PlanLedger_Changes")).toBe(`'仪表盘'!$B$${last + 3}`);
    expect(top).toBe(last + 5);
    expect(getCell(dash, last + 3, 1).value).toBe("本期变化");
    expect(String(getCell(dash, top, 1).value)).toMatch(/^历次完成率/);
    expect(getCell(dash, top + 2, 4).numberFormat).toBe("0.0%");
  }, 120_000);

  test("a later import failing half-way: the rows appended to 来源记录 are cleared again, the earlier ones stay", async () => {
    const { book, shell } = setUp();
    await importReturns(shell.run, returned.slice(0, 1), [], ROUND, WHEN);
    const before = stateOf(book);
    const k = await lastWrite(book, returned.slice(1));
    shell.fail({ at: [shell.syncs() + k], mode: "partial" });
    await expect(importReturns(shell.run, returned.slice(1), [], ROUND, WHEN)).rejects.toThrow(/已全部撤销/);
    expect(stateOf(book)).toEqual(before);
    expect(sheet(book, "来源记录").cells.size).toBeGreaterThan(5);
  }, 120_000);

  test("the undo failing too: the message names the places and says to close without saving", async () => {
    const { book, shell } = setUp();
    const k = await lastWrite(book, returned);
    const at = shell.syncs() + k;
    // The undo's first request fails too (the library may send a clean-up request between them).
    shell.fail({ at: [at, at + 1, at + 2], mode: "partial" });
    await expect(importAll(shell)).rejects.toThrow(
      /导入时出错.*撤销已写入的内容时又出错.*以下位置可能还是这次导入写入的内容.*请关闭工作簿且不保存/,
    );
  }, 120_000);
});
