/**
 * What a return's entries become in the master: text dates and status words the ledger's validation reads with
 * certainty go in as real dates and standard words (never as typed); a round later than the ledger's
 * 统计截止日期 is said so. Copies of the seed's ledger, filled the way units fill them (text typed into cells).
 */
import * as fs from "fs";
import { tmpdir } from "os";
import path from "path";
import { readLedger } from "../../../src/render/xlsx/readXlsx";
import { entryOf, rowEntries } from "../../../src/ledger/round";
import { runCli } from "../../support/cli";
import { edit, headersOf, rowsById } from "../../support/roundReturns";

const fill = (file: string, entries: Record<string, Record<string, string>>) =>
  edit(file, file, (wb) => {
    const ws = wb.getWorksheet("任务台账")!;
    const h = headersOf(ws);
    const rows = rowsById(ws, "序号");
    for (const [id, cols] of Object.entries(entries))
      for (const [c, v] of Object.entries(cols)) ws.getCell(rows.get(id)!, h.get(c)!).value = v;
  });

test("text dates and status synonyms from a return go into the master as real dates and standard words", async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-round-entries-"));
  const at = (f: string) => path.join(dir, f);
  expect((await runCli(["build", "-o", at("L.xlsx"), "--as-of", "2022-09-30"])).code).toBe(0);
  expect((await runCli(["split", at("L.xlsx"), "-o", at("copies")])).code).toBe(0);
  await fill(at("copies/税务局.xlsx"), {
    "38": { 状态: "完成了", 完成日期: "2022/9/16" },
    "39": { 状态: "已完成 ", 完成日期: "2022-09-15" },
  });
  const r = await runCli(["collect", at("L.xlsx"), at("copies/税务局.xlsx"), "-o", at("C.xlsx")]);
  expect(r.stderr).toBe("");
  expect(r.stdout).toContain("已按“2022-09-16”采用");
  expect(r.stdout).toContain("已按“已完成”采用");
  const after = await readLedger(fs.readFileSync(at("C.xlsx")));
  const byKey = new Map(rowEntries(after.ledger, "task").map((row) => [row.key, row]));
  const raw = (id: string, c: string) =>
    after.ledger.rows.find((x) => entryOf(x.cells["序号"]).text === id)!.cells[c].value;
  expect(raw("38", "完成日期")).toEqual({ date: "2022-09-16" });
  expect(raw("39", "完成日期")).toEqual({ date: "2022-09-15" });
  expect(byKey.get("任务 38")!.values["状态"].text).toBe("已完成");
  expect(byKey.get("任务 39")!.values["状态"].text).toBe("已完成");
  // The master now validates clean for these rows: no text date, no unknown status.
  const v = await runCli(["validate", at("C.xlsx"), "--json"]);
  const issues = JSON.parse(v.stdout).issues as { task: number | null; code: string }[];
  expect(issues.filter((i) => i.task === 38 || i.task === 39)).toEqual([]);
}, 60_000);

test("a round later than the ledger's 统计截止日期 is said so, with what to run first", async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-round-ahead-"));
  const at = (f: string) => path.join(dir, f);
  expect((await runCli(["build", "-o", at("L.xlsx"), "--as-of", "2022-09-30"])).code).toBe(0);
  expect((await runCli(["split", at("L.xlsx"), "-o", at("copies"), "--as-of", "2022-10-31"])).code).toBe(0);
  await fill(at("copies/税务局.xlsx"), { "38": { 状态: "推进中", 进展情况: "十月进展" } });
  const r = await runCli(["collect", at("L.xlsx"), at("copies/税务局.xlsx"), "--dry-run"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("报送轮次 2022-10-31 晚于总台账的统计截止日期 2022-09-30");
  expect(r.stdout).toContain("update 台账.xlsx --as-of 2022-10-31");
}, 60_000);
