/**
 * The update path end to end with another writer's files: a filled ledger with a staff sheet whose
 * formulas point into the ledger is re-saved by LibreOffice, updated by the compiled CLI with a revision
 * that inserts a task as No. 3 and deletes others; LibreOffice recalculates before and after. Also: the
 * update killed in the middle of its write leaves the old ledger or the new one, never a broken file.
 */
import { spawn, spawnSync } from "child_process";
import { createHash } from "crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { fillLedger } from "../support/fill";
import { seedWorkbook, setLedger } from "../support/ledgerFile";
import { renumberedRevision } from "../support/reviseRenumber";
import { text, unzip } from "../support/staffXml";
import { readLedger } from "../../src/render/xlsx/readXlsx";
import { cliEntry } from "./engines";
import { recalcSheets, resaveXlsx } from "./libreoffice";

async function staffLedger(dir: string): Promise<string> {
  const wb = await seedWorkbook("2022-09-30");
  fillLedger(wb, 99);
  setLedger(wb, 3, "进展情况", "已召开专题会\n第二行说明");
  const mine = wb.addWorksheet("我的统计");
  mine.getCell("A1").value = { formula: "任务台账!J7" } as never;
  mine.getCell("A2").value = { formula: '任务台账!K4&"|"&任务台账!C4' } as never;
  mine.getCell("A3").value = { formula: 'COUNTIF(任务台账!J2:J119,"已完成")' } as never;
  const file = path.join(dir, "excelts.xlsx");
  writeFileSync(file, await wb.xlsx.writeBuffer());
  const lo = path.join(dir, "lo");
  mkdirSync(lo);
  return resaveXlsx(file, lo);
}

test("a LibreOffice-saved ledger: non-owned parts identical, staff formulas give the same results, entries stay with their tasks", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-e2e-upd-"));
  const file = await staffLedger(dir);
  // Task 3 becomes 4 (a task is inserted as No. 3), and two later tasks leave the plan.
  let rev = renumberedRevision(1);
  for (let s = 2; !(rev.added.includes(3) && rev.removed.length >= 1); s++) rev = renumberedRevision(s, 3, 3);
  const planFile = path.join(dir, "revised.txt");
  writeFileSync(planFile, rev.text);
  const out = path.join(dir, "updated.xlsx");
  const r = spawnSync(
    process.execPath,
    [cliEntry(), "update", file, "--plan", planFile, "-o", out, "--yes"],
    {
      encoding: "utf8",
    },
  );
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);

  const before = unzip(readFileSync(file));
  const after = unzip(readFileSync(out));
  const touched = /sheet[345]\.xml$|sheet7\.xml$|tables\/|workbook\.xml|Content_Types|styles\.xml/;
  for (const name of Object.keys(before))
    if (!touched.test(name))
      expect([name, Buffer.from(after[name]).equals(Buffer.from(before[name]))]).toEqual([name, true]);
  expect(text(after, "xl/workbook.xml")).toContain("我的统计");

  const b = recalcSheets(file);
  const a = recalcSheets(out);
  expect(a["我的统计"]).toEqual(b["我的统计"]);
  const ledger = a["任务台账"];
  const header = ledger[0];
  const planStatus = header.indexOf("计划状态");
  const row3 = ledger[3];
  expect(row3[0]).toBe(String(rev.moved.get(3)));
  expect(row3[10]).toBe("已召开专题会\n第二行说明");
  for (const t of rev.removed) expect([t, ledger[t][planStatus]]).toEqual([t, "已移除"]);
  const log = Object.entries(a).find(([n]) => n.startsWith("变更记录"))![1];
  expect(
    log
      .slice(1)
      .filter((row) => row[1] === "新增" && row[2] === "任务台账")
      .map((row) => Number(row[3])),
  ).toEqual(rev.added);

  // The engines agree on the counts: removed tasks are in no count.
  const s = spawnSync(process.execPath, [cliEntry(), "summary", out, "--json"], { encoding: "utf8" });
  expect(JSON.parse(s.stdout).overall.total).toBe(118 - rev.removed.length + rev.added.length);
});

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

test("killed during an in-place update, the ledger is the old one or the new one, never broken", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-e2e-kill-"));
  const wb = await seedWorkbook("2022-09-30");
  fillLedger(wb, 5);
  const original = new Uint8Array(await wb.xlsx.writeBuffer());
  const planFile = path.join(dir, "revised.txt");
  writeFileSync(planFile, renumberedRevision(9, 2, 2).text);
  const outcomes = new Set<string>();
  for (const delay of [150, 300, 450, 600, 750, 900]) {
    const file = path.join(dir, `台账${delay}.xlsx`);
    writeFileSync(file, original);
    const child = spawn(process.execPath, [
      cliEntry(),
      "update",
      file,
      "--plan",
      planFile,
      "--in-place",
      "--yes",
    ]);
    const closed = new Promise((res) => child.on("close", res));
    await new Promise((res) => setTimeout(res, delay));
    child.kill("SIGKILL");
    await closed;
    const now = new Uint8Array(readFileSync(file));
    if (sha(now) === sha(original)) outcomes.add("old");
    else {
      await expect(readLedger(now)).resolves.toBeDefined();
      outcomes.add("new");
    }
  }
  expect(outcomes.size).toBeGreaterThan(0);
});
