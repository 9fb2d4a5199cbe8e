/**
 * A month's round on the seed, the way it comes back: the master built and partly filled, split, and every
 * unit's copy filled with generated entries (reproducible by seed). Some entries conflict with the master
 * (changed there after the split), some with another unit's copy (tasks with two leads), some are invalid,
 * one copy carries another unit's row; copies are renamed, sorted, widened and given a column of their own.
 * The generator also says, independently of the tool, what collect must take, list and leave.
 */
import * as fs from "fs";
import path from "path";
import { Workbook, type Worksheet } from "../../src/render/xlsx/excelts";
import { prng } from "./fill";
import { runCli } from "./cli";

export const ROUND = "2022-09-30";
const TASK_STAFF = ["状态", "进展情况", "完成日期"] as const;

export interface RoundFixture {
  dir: string;
  master: string;
  returns: string[];
  /** `任务 12|状态` → the value collect must write into the master. */
  taken: Map<string, string>;
  /** Cells collect must list as conflicts (and leave). */
  conflicts: Set<string>;
  /** Rows of a copy with an error: nothing of them may be taken. */
  rejected: Set<string>;
  /** A row pasted into a copy that was not sent to it. */
  ignored: { file: string; key: string }[];
  /** Values the master holds for cells in conflict (they must stay). */
  masterKeeps: Map<string, string>;
  /** Lead units whose copy is not returned. */
  missingUnits: string[];
}

export function headersOf(ws: Worksheet): Map<string, number> {
  const m = new Map<string, number>();
  ws.getRow(1).eachCell((c, col) => m.set(String(c.value), col));
  return m;
}

/** Data rows of a sheet by id (序号 or 节点编号). */
export function rowsById(ws: Worksheet, idHeader: string): Map<string, number> {
  const col = headersOf(ws).get(idHeader)!;
  const out = new Map<string, number>();
  for (let r = 2; r <= ws.rowCount; r++) {
    const v = ws.getCell(r, col).value;
    if (v !== null && v !== undefined && v !== "") out.set(String(v), r);
  }
  return out;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function edit(file: string, out: string, fn: (wb: Workbook) => void) {
  const wb = new Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as never);
  fn(wb);
  fs.writeFileSync(out, new Uint8Array(await wb.xlsx.writeBuffer()));
}

export async function makeRound(dir: string, seed = 14): Promise<RoundFixture> {
  const master = path.join(dir, "台账.xlsx");
  const built = await runCli(["build", "-o", master, "--as-of", ROUND]);
  if (built.code !== 0) throw new Error(built.stderr);
  // The master as staff keep it: some entries from last month.
  await edit(master, master, (wb) => {
    const ws = wb.getWorksheet("任务台账")!;
    const h = headersOf(ws);
    for (const [id, r] of rowsById(ws, "序号"))
      if (Number(id) % 5 === 0) {
        ws.getCell(r, h.get("状态")!).value = "推进中";
        ws.getCell(r, h.get("进展情况")!).value = `上月：任务${id}已启动`;
      }
  });
  const out = path.join(dir, "分发");
  const split = await runCli(["split", master, "-o", out]);
  if (split.code !== 0) throw new Error(split.stderr);
  const files = fs.readdirSync(out).sort();
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];

  // What each copy writes, cell by cell, before deciding what collect must do with it.
  const writes = new Map<string, { file: string; value: string }[]>();
  const rejected = new Set<string>();
  const ignored: { file: string; key: string }[] = [];
  const returns: string[] = [];
  const masterKeeps = new Map<string, string>();
  const leadsOf = new Map<string, string[]>();
  const masterEdits: { id: string; column: string; value: string }[] = [];
  const missingUnits: string[] = [];
  const received = path.join(dir, "收回");
  fs.mkdirSync(received);

  for (const [i, name] of files.entries()) {
    // One unit does not report.
    if (i === 3) {
      missingUnits.push(name.replace(/\.xlsx$/, ""));
      continue;
    }
    // Returns come back renamed (the tool must go by the marker inside, not the name).
    const target = path.join(received, i % 2 ? `回复-${name}` : `${i}.xlsx`);
    returns.push(target);
    const file = path.basename(target);
    await edit(path.join(out, name), target, (wb) => {
      const ws = wb.getWorksheet("任务台账")!;
      const h = headersOf(ws);
      const rows = rowsById(ws, "序号");
      for (const id of rows.keys()) leadsOf.set(id, [...(leadsOf.get(id) ?? []), file]);
      const ids = [...rows.keys()];
      ids.forEach((id, k) => {
        const r = rows.get(id)!;
        const key = `任务 ${id}`;
        if (k === 0 && i % 4 === 0) {
          // Done without a date: an error, so nothing of this row may arrive.
          ws.getCell(r, h.get("状态")!).value = "已完成";
          ws.getCell(r, h.get("进展情况")!).value = "已完成但忘了填日期";
          rejected.add(`${file}|${key}`);
          return;
        }
        if (k === 1 && i % 4 === 1) {
          // A completion date after the round's as-of date: an error too.
          ws.getCell(r, h.get("状态")!).value = "已完成";
          ws.getCell(r, h.get("完成日期")!).value = utc("2022-12-01");
          rejected.add(`${file}|${key}`);
          return;
        }
        if (rnd() < 0.35) return; // left as sent
        const status = pick(["推进中", "已完成", "未启动"] as const);
        const note = `${file}：任务${id}本月进展${Math.floor(rnd() * 1000)}`;
        const set = (column: string, value: string) => {
          const list = writes.get(`${key}|${column}`) ?? [];
          list.push({ file, value });
          writes.set(`${key}|${column}`, list);
        };
        ws.getCell(r, h.get("状态")!).value = status;
        set("状态", status);
        ws.getCell(r, h.get("进展情况")!).value = note;
        set("进展情况", note);
        if (status === "已完成") {
          const day = `2022-09-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`;
          ws.getCell(r, h.get("完成日期")!).value = utc(day);
          set("完成日期", day);
        }
        // After the split the office also changed some of these notes in the master.
        if (Number(id) % 7 === 3) masterEdits.push({ id, column: "进展情况", value: `总台账改：任务${id}` });
      });
      if (i === 2) {
        // A row of someone else's pasted over this unit's last row.
        const last = ids[ids.length - 1];
        const stranger = String(
          [...Array(118).keys()].map((n) => n + 1).find((n) => !ids.includes(String(n))),
        );
        ws.getCell(rows.get(last)!, h.get("序号")!).value = Number(stranger);
        ws.getCell(rows.get(last)!, h.get("状态")!).value = "已完成";
        ws.getCell(rows.get(last)!, h.get("完成日期")!).value = utc("2022-09-01");
        ignored.push({ file, key: `任务 ${stranger}` });
        for (const c of TASK_STAFF) {
          const list = (writes.get(`任务 ${last}|${c}`) ?? []).filter((w) => w.file !== file);
          writes.set(`任务 ${last}|${c}`, list);
        }
        rejected.add(`${file}|任务 ${last}`);
      }
      const ms = wb.getWorksheet("时间节点");
      if (ms) {
        const mh = headersOf(ms);
        for (const [id, r] of rowsById(ms, "节点编号")) {
          if (rnd() < 0.5) continue;
          ms.getCell(r, mh.get("状态")!).value = "推进中";
          const list = writes.get(`节点 ${id}|状态`) ?? [];
          list.push({ file, value: "推进中" });
          writes.set(`节点 ${id}|状态`, list);
        }
      }
      if (i % 3 === 0) {
        // Sorted by status (values moved row to row, as a sort does).
        const data = [...rows.values()].map((r) => ({
          r,
          cells: [...h.values()].map((c) => ws.getCell(r, c).value),
        }));
        const sorted = [...data].sort((a, b) =>
          String(a.cells[h.get("状态")! - 1]).localeCompare(String(b.cells[h.get("状态")! - 1])),
        );
        const formulaCols = new Set([h.get("预警")!, h.get("清单排序")!]);
        sorted.forEach((d, k) =>
          [...h.values()].forEach((c, j) => {
            if (!formulaCols.has(c)) ws.getCell(data[k].r, c).value = d.cells[j] as never;
          }),
        );
      }
      if (i % 3 === 1) {
        // A column of their own, and wider columns.
        ws.getCell(1, 18).value = "联系人";
        for (const r of rows.values()) ws.getCell(r, 18).value = "张三 13800000000";
        ws.getColumn(11).width = 80;
      }
    });
  }
  for (const e of masterEdits) masterKeeps.set(`任务 ${e.id}|${e.column}`, e.value);
  await edit(master, master, (wb) => {
    const ws = wb.getWorksheet("任务台账")!;
    const h = headersOf(ws);
    const rows = rowsById(ws, "序号");
    for (const e of masterEdits) ws.getCell(rows.get(e.id)!, h.get(e.column)!).value = e.value;
  });

  // What collect must do, decided here from the writes and what was sent alone.
  const sent = (cell: string) => {
    const [key, column] = cell.split("|");
    const id = Number(key.split(" ")[1]);
    if (key.startsWith("节点")) return column === "状态" ? "未启动" : "";
    if (column === "状态") return id % 5 === 0 ? "推进中" : "未启动";
    if (column === "进展情况") return id % 5 === 0 ? `上月：任务${id}已启动` : "";
    return "";
  };
  const taken = new Map<string, string>();
  const conflicts = new Set<string>();
  const rowRejected = (cell: string, file: string) => rejected.has(`${file}|${cell.split("|")[0]}`);
  for (const [cell, list0] of writes) {
    const list = list0.filter((w) => !rowRejected(cell, w.file) && w.value !== sent(cell));
    if (!list.length) continue;
    const values = new Set(list.map((w) => w.value));
    if (values.size > 1) conflicts.add(cell);
    else if (masterKeeps.has(cell)) {
      if (masterKeeps.get(cell) !== list[0].value) conflicts.add(cell);
    } else taken.set(cell, list[0].value);
  }
  // A row is decided whole: a row with one cell in conflict has every entry held as a conflict.
  const rowsInConflict = new Set([...conflicts].map((cell) => cell.split("|")[0]));
  for (const cell of [...taken.keys()])
    if (rowsInConflict.has(cell.split("|")[0])) {
      taken.delete(cell);
      conflicts.add(cell);
    }
  return { dir, master, returns, taken, conflicts, rejected, ignored, masterKeeps, missingUnits };
}
