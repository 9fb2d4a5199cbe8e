/**
 * 更新台账 when a request fails half-way, through the strict fake and through Microsoft's own client library
 * with the host emulator behind it. Each request of an update is made to fail in turn, in each way a request
 * fails (refused before anything is applied: a protected sheet, cell-edit mode; failing half-way with the
 * actions before applied; applied in full with the answer lost on the network). After the failure and the
 * undo, every cell of the workbook (content, format, style, links, comments, notes), every sheet, table, name
 * and rule is as it was before the update, and staff are told so. When the undo itself fails, every cell that
 * differs from before lies in a place the message names.
 */
import fc from "fast-check";
import type { Plan } from "../../../src/plan";
import { capabilitiesFor } from "../../../src/render/office/capabilities";
import { WorkbookHost } from "../../../src/render/office/host";
import { fakeRun, supportsOf, type SyncStats } from "../../../src/render/office/memory/fakeExcel";
import type { RunBatch } from "../../../src/render/office/api";
import { getCell, newSheet, newWorkbook, type MemoryWorkbook } from "../../../src/render/office/memory/state";
import { parseRange } from "../../../src/workbook/a1";
import { parsePlan } from "../../../src/plan";
import { syntheticPlan } from "../../../bench/synthetic";
import { seedPlan } from "../../support/ledgerFile";
import { ExcelEmulator, LATEST } from "../../support/office/emulator";
import { FAULT_MODES as MODES, SHELLS, stateOf, type Shell } from "../../support/office/shells";

const ASOF = "2022-09-30";

/** The seed ledger as generated, with what staff add: entries, a staff column, links, comments, notes, a footnote below. */
let built: MemoryWorkbook | null = null;
async function staffLedger(): Promise<MemoryWorkbook> {
  if (!built) {
    const book = newWorkbook();
    book.sheets.push(newSheet("Sheet1"));
    const stats: SyncStats = { syncs: 0, requestBytes: [] };
    await new WorkbookHost(fakeRun(book, stats), capabilitiesFor(supportsOf(book)), () => ASOF).generate(
      seedPlan,
      ASOF,
    );
    const ledger = book.sheets.find((s) => s.name === "任务台账")!;
    getCell(ledger, 3, 10).value = "推进中";
    getCell(ledger, 3, 11).value = "已召开两次推进会";
    getCell(ledger, 4, 13).value = "会议纪要1.pdf";
    getCell(ledger, 4, 13).hyperlink = { address: "file:///D:/台账材料/会议纪要1.pdf" };
    getCell(ledger, 5, 3).comment = { content: "标题按领导批示调整过" };
    getCell(ledger, 6, 15).note = "已电话催办";
    getCell(ledger, 2, 19).value = "联系人";
    getCell(ledger, 7, 19).value = "张三";
    // A footnote a few rows under the table, in its columns: moves down with rows added to the table.
    getCell(ledger, seedPlan.tasks.length + 5, 1).value = "注：本表每月5日前更新";
    getCell(ledger, seedPlan.tasks.length + 5, 1).comment = { content: "办公室" };
    built = book;
  }
  return structuredClone(built);
}

/** A revision that retitles, removes and appends tasks and milestones: every kind of write an update makes. */
function revision(): Plan {
  const tasks = seedPlan.tasks.filter((_, i) => i !== 6);
  const titled = tasks.map((t, i) => (i === 3 ? { ...t, title: `${t.title}（修订）` } : t));
  const extra = [
    { ...seedPlan.tasks[11], id: 0, title: "新增的专项任务", body: "开展专项整治行动，建立长效机制。" },
    { ...seedPlan.tasks[2], id: 0, title: "另一项新增任务", body: "完善配套制度。", targets: [] },
  ];
  return { ...seedPlan, tasks: [...titled, ...extra].map((t, i) => ({ ...t, id: i + 1 })) };
}

async function setUp(make: (book: MemoryWorkbook) => Shell) {
  const book = await staffLedger();
  const shell = make(book);
  const host = new WorkbookHost(
    shell.run,
    capabilitiesFor(shell.supports),
    () => ASOF,
    () => "2022-10-08 09:00",
  );
  return { book, shell, host };
}

/** How many requests a successful update of the staff ledger makes (clean-up requests of the library included). */
const requestsOfUpdate = new Map<string, number>();
async function countRequests(label: string, make: (book: MemoryWorkbook) => Shell): Promise<number> {
  if (!requestsOfUpdate.has(label)) {
    const { shell, host } = await setUp(make);
    const from = shell.syncs();
    await host.update(revision(), { confirmed: true });
    requestsOfUpdate.set(label, shell.syncs() - from);
  }
  return requestsOfUpdate.get(label)!;
}

describe.each(SHELLS)("through the %s", (label, make) => {
  test("a successful update writes what the revision asks (the baseline of the failures below)", async () => {
    const { book, host } = await setUp(make);
    const before = stateOf(book);
    const result = await host.update(revision(), { confirmed: true });
    expect(result.changed).toBe(true);
    expect(stateOf(book)).not.toEqual(before);
    const ledger = book.sheets.find((s) => s.name === "任务台账")!;
    expect(getCell(ledger, seedPlan.tasks.length + 2, 3).value).toBe("新增的专项任务");
    expect(getCell(ledger, 8, 17).value).toBe("已移除");
    expect(await countRequests(label, make)).toBeGreaterThanOrEqual(5);
  });

  test.each(MODES)(
    "each request failing in turn (%s): the undo leaves every cell, sheet, table, name and rule as before",
    async (mode) => {
      const n = await countRequests(label, make);
      for (let k = 1; k <= n; k++) {
        const { book, shell, host } = await setUp(make);
        const before = stateOf(book);
        shell.fail({ at: [shell.syncs() + k], mode });
        const outcome = await host.update(revision(), { confirmed: true }).then(
          () => "done",
          (err: Error) => err.message,
        );
        if (outcome === "done") continue; // the library's clean-up request after the batch: nothing to undo
        expect([k, outcome]).toEqual([k, expect.stringMatching(/出错：.*（[A-Za-z]+）/)]);
        expect([k, outcome]).toEqual([k, expect.not.stringMatching(/撤销已写入的内容时又出错/)]);
        const after = stateOf(book);
        if (/划线规则/.test(outcome)) {
          // The last request adds the strike-through rule; failing half-way or lost on the way back, it may stay
          // (whole or half made, over the columns to the sheet's last row), striking only rows marked 已移除, of
          // which there are none now: the message says so.
          for (const s of after.sheets)
            s.conditionalFormats = s.conditionalFormats.filter((c) => !/^A2:Q\d{7}$/.test(String(c[0])));
        }
        expect([k, after]).toEqual([k, before]);
      }
    },
    240_000,
  );

  test("the undo failing too: every cell that differs from before lies in a place the message names", async () => {
    let undoFailed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(...MODES),
        async (k, later, mode) => {
          const { book, shell, host } = await setUp(make);
          const before = stateOf(book);
          const at = shell.syncs() + k;
          shell.fail({ at: [at, at + later], mode });
          const message = await host.update(revision(), { confirmed: true }).then(
            () => null,
            (err: Error) => err.message,
          );
          if (message === null) return;
          const after = stateOf(book);
          const differing = differences(before, after);
          if (!/又出错/.test(message)) {
            expect(differing.filter((d) => !d.startsWith("rule:"))).toEqual([]);
            return;
          }
          undoFailed++;
          expect(message).toMatch(/请关闭工作簿且不保存/);
          const uncovered = differing.filter((d) => !coveredBy(message, d));
          expect(uncovered).toEqual([]);
        },
      ),
      {
        numRuns: 14,
        examples: [
          [3, 1, "partial"],
          [4, 2, "rejected"],
          [5, 3, "lost"],
        ],
      },
    );
    expect(undoFailed).toBeGreaterThan(0);
  }, 240_000);
});

/** Differences between two states: `cell:sheet!r,c`, `sheet:name`, `name:n`, `table:sheet`, `rule:sheet`. */
function differences(a: ReturnType<typeof stateOf>, b: ReturnType<typeof stateOf>): string[] {
  const out: string[] = [];
  const names = (s: ReturnType<typeof stateOf>) => new Map(s.names.map(([n, r]) => [n, r]));
  const [na, nb] = [names(a), names(b)];
  for (const n of new Set([...na.keys(), ...nb.keys()])) if (na.get(n) !== nb.get(n)) out.push(`name:${n}`);
  const sheets = (s: ReturnType<typeof stateOf>) => new Map(s.sheets.map((x) => [x.name, x]));
  const [sa, sb] = [sheets(a), sheets(b)];
  for (const name of new Set([...sa.keys(), ...sb.keys()])) {
    const [x, y] = [sa.get(name), sb.get(name)];
    if (!x || !y) {
      out.push(`sheet:${name}`);
      continue;
    }
    if (JSON.stringify(x.tables) !== JSON.stringify(y.tables)) out.push(`table:${name}`);
    if (
      JSON.stringify([x.validations, x.conditionalFormats]) !==
      JSON.stringify([y.validations, y.conditionalFormats])
    )
      out.push(`rule:${name}`);
    const [cx, cy] = [new Map(x.cells as [string, string][]), new Map(y.cells as [string, string][])];
    for (const k of new Set([...cx.keys(), ...cy.keys()]))
      if (cx.get(k) !== cy.get(k)) out.push(`cell:${name}!${k}`);
  }
  return out;
}

/** Is this difference within a place the message names (a range, appended rows, the new log, a name)? */
function coveredBy(message: string, d: string): boolean {
  if (d.startsWith("name:")) return message.includes(`名称 ${d.slice(5)}`);
  if (d.startsWith("sheet:")) return message.includes(`工作表“${d.slice(6)}”`);
  const [, sheet, rest] = /^(?:cell|table|rule):([^!]+)!?(.*)$/.exec(d)!;
  // Rows appended for new tasks: their cells, the table's extent and the rules on them.
  const rows = [...message.matchAll(new RegExp(`“${sheet}”第 (\\d+)(?:–(\\d+))? 行（([^）]*)）`, "g"))].map(
    (m) => [Number(m[1]), /下移/.test(m[3]) ? Infinity : Number(m[2] ?? m[1])],
  );
  if (!rest) return rows.length > 0;
  const [r, c] = rest.split(",").map(Number);
  if (rows.some(([a, b]) => r >= a && r <= b)) return true;
  return [...message.matchAll(new RegExp(`“${sheet}”([A-Z]+\\d+(?::[A-Z]+\\d+)?)`, "g"))].some((m) => {
    const b = parseRange(m[1]);
    return r >= b.r1 && r <= b.r2 && c >= b.c1 && c <= b.c2;
  });
}

/** A ledger built before the 计划状态 column existed: no column Q, no marker name. */
async function olderLedger(make: (book: MemoryWorkbook) => Shell) {
  const set = await setUp(make);
  const ledger = set.book.sheets.find((s) => s.name === "任务台账")!;
  for (const k of [...ledger.cells.keys()]) if (k.endsWith(",17")) ledger.cells.delete(k);
  const table = ledger.tables[0];
  table.address = table.address.replace(/Q(\d+)$/, "P$1");
  set.book.names.delete("PlanLedger_PlanStatus");
  return set;
}

describe.each(SHELLS)("an older ledger, through the %s", (_label, make) => {
  test("a failure after the 计划状态 column was added: everything else is undone, the empty column stays and staff are told", async () => {
    const probe = await olderLedger(make);
    const from = probe.shell.syncs();
    await probe.host.update(revision(), { confirmed: true });
    const n = probe.shell.syncs() - from;
    let sawColumnKept = false;
    for (let k = 2; k <= n; k++) {
      const { book, shell, host } = await olderLedger(make);
      const before = stateOf(book);
      shell.fail({ at: [shell.syncs() + k], mode: "partial" });
      const outcome = await host.update(revision(), { confirmed: true }).then(
        () => "done",
        (err: Error) => err.message,
      );
      if (outcome === "done") continue;
      const diffs = differences(before, stateOf(book));
      if (/新加的“计划状态”列（空白/.test(outcome)) {
        sawColumnKept = true;
        // Only the column itself: its header, the table's extent, its marker name (rules may cover it).
        expect(
          diffs.filter(
            (d) => !/^(table|rule):任务台账$|^name:PlanLedger_PlanStatus$|^cell:任务台账!1,17$/.test(d),
          ),
        ).toEqual([]);
        const ledger = book.sheets.find((s) => s.name === "任务台账")!;
        expect(getCell(ledger, 1, 17).value).toBe("计划状态");
        expect(
          [...ledger.cells].filter(([key, c]) => key.endsWith(",17") && key !== "1,17" && c.value),
        ).toEqual([]);
      } else expect(diffs).toEqual([]);
    }
    expect(sawColumnKept).toBe(true);
  }, 120_000);
});

test("a new-task row someone filled in before the undo stays, and the message says so", async () => {
  const book = await staffLedger();
  const excel = new ExcelEmulator(book, LATEST);
  let runs = 0;
  const run: RunBatch = (batch) => {
    // The undo is the second batch: by then a colleague has typed into the first new row (co-authoring).
    if (++runs === 2) {
      const ledger = book.sheets.find((s) => s.name === "任务台账")!;
      getCell(ledger, seedPlan.tasks.length + 2, 11).value = "已对接";
    }
    return excel.run(batch);
  };
  const host = new WorkbookHost(run, capabilitiesFor(excel.supports), () => ASOF);
  const n = await countRequests("Microsoft's client library", SHELLS[1][1]);
  excel.fault = { at: [excel.stats.syncs + n - 1], mode: "rejected" };
  const message = await host.update(revision(), { confirmed: true }).then(
    () => "",
    (err: Error) => err.message,
  );
  const row = seedPlan.tasks.length + 2;
  expect(message).toContain(
    `“任务台账”第 ${row} 行（新增的任务；表格下方的内容随之下移）：出错后已有人填写，没有删除，请核对`,
  );
  const ledger = book.sheets.find((s) => s.name === "任务台账")!;
  expect([getCell(ledger, row, 3).value, getCell(ledger, row, 11).value]).toEqual([
    "新增的专项任务",
    "已对接",
  ]);
  // The other new row is gone: the footnote is one row lower than before the update, not two.
  expect(getCell(ledger, seedPlan.tasks.length + 6, 1).value).toBe("注：本表每月5日前更新");
});

test("10,000 tasks through Microsoft's library: the undo's requests and answers stay ≤ 4.5 MB and put every cell back", async () => {
  const plan = parsePlan(syntheticPlan(10_000));
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  await new WorkbookHost(fakeRun(book), capabilitiesFor(supportsOf(book)), () => ASOF).generate(plan, ASOF);
  const tasks = plan.tasks
    .filter((_, i) => i !== 10)
    .map((t, i) => (i % 500 === 7 ? { ...t, title: `${t.title}（修订）` } : t));
  tasks.splice(5_000, 0, { ...plan.tasks[3], title: "新增的专项任务", body: "开展专项整治行动。" });
  const revised = { ...plan, tasks: tasks.map((t, i) => ({ ...t, id: i + 1 })) };
  // How many requests the update makes when nothing fails (reads first, then writes, the strike rule last).
  const probe = new ExcelEmulator(structuredClone(book), LATEST);
  await new WorkbookHost(probe.run, capabilitiesFor(probe.supports), () => ASOF).update(revised, {
    confirmed: true,
  });
  const n = probe.stats.syncs;
  const excel = new ExcelEmulator(book, LATEST);
  const host = new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => ASOF);
  const before = stateOf(book);
  // The largest request (the writes of plan cells, rows and 计划原文) fails half-way.
  const largest = probe.stats.requestBytes.indexOf(Math.max(...probe.stats.requestBytes)) + 1;
  expect(largest).toBeGreaterThan(n - 4);
  excel.fault = { at: [largest], mode: "partial" };
  await expect(host.update(revised, { confirmed: true })).rejects.toThrow(/已全部撤销/);
  const LIMIT = 4.5 * 1024 * 1024;
  expect(Math.max(...excel.stats.requestBytes)).toBeLessThanOrEqual(LIMIT);
  expect(Math.max(...excel.stats.responseBytes)).toBeLessThanOrEqual(LIMIT);
  expect(stateOf(book)).toEqual(before);
}, 240_000);

describe.each(SHELLS)("a ledger whose table was converted to a range, through the %s", (_label, make) => {
  const withoutTable = async () => {
    const set = await setUp(make);
    for (const s of set.book.sheets) s.tables = [];
    return set;
  };
  test.each(MODES)(
    "each request failing in turn (%s): the rows written under the last row are undone",
    async (mode) => {
      const probe = await withoutTable();
      const from = probe.shell.syncs();
      await probe.host.update(revision(), { confirmed: true });
      const ledger = probe.book.sheets.find((s) => s.name === "任务台账")!;
      // Without a table the new rows go under the last row anything is in (the footnote).
      const row = seedPlan.tasks.length + 6;
      expect(getCell(ledger, row, 3).value).toBe("新增的专项任务");
      expect(getCell(ledger, row, 12).numberFormat).toBe("yyyy-mm-dd");
      const n = probe.shell.syncs() - from;
      for (let k = 1; k <= n; k++) {
        const { book, shell, host } = await withoutTable();
        const before = stateOf(book);
        shell.fail({ at: [shell.syncs() + k], mode });
        const outcome = await host.update(revision(), { confirmed: true }).then(
          () => "done",
          (err: Error) => err.message,
        );
        if (outcome === "done") continue;
        expect([k, outcome]).toEqual([k, expect.not.stringMatching(/又出错/)]);
        const after = stateOf(book);
        if (/划线规则/.test(outcome))
          for (const s of after.sheets)
            s.conditionalFormats = s.conditionalFormats.filter((c) => !/^A2:Q\d{7}$/.test(String(c[0])));
        expect([k, after]).toEqual([k, before]);
      }
    },
    120_000,
  );
});
