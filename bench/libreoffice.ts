/** LibreOffice's time to open and recalculate a built workbook (the dashboard's formulas over the ledger). */
import { execFileSync, spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import type { Plan } from "../src/plan";
import { writeXlsx } from "../src/render/xlsx/writeXlsx";
import { ledgerWorkbook } from "../src/workbook/ledgerWorkbook";
import { Workbook } from "../src/render/xlsx/excelts";

function profile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-lo-"));
  mkdirSync(path.join(dir, "user"));
  writeFileSync(
    path.join(dir, "user", "registrymodifications.xcu"),
    `<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>`,
  );
  return dir;
}

function convertMs(file: string, prof: string): number {
  const t0 = process.hrtime.bigint();
  execFileSync(
    "soffice",
    [
      `-env:UserInstallation=file://${prof}`,
      "--headless",
      "--convert-to",
      "csv",
      "--outdir",
      path.dirname(file),
      file,
    ],
    { stdio: "pipe" },
  );
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function benchLibreOffice(seed: Plan, big: Plan): Promise<void> {
  console.log("\n## LibreOffice: open + recalculate + export (median of 3, after one warm-up)");
  if (spawnSync("sh", ["-c", "command -v soffice"]).status !== 0) {
    console.log(
      "soffice not found: apt-get install -y libreoffice-calc fonts-wqy-zenhei (figure not measured)",
    );
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-"));
  const prof = profile();
  const empty = path.join(dir, "empty.xlsx");
  const wb = new Workbook();
  wb.addWorksheet("x").getCell("A1").value = 1;
  writeFileSync(empty, await wb.xlsx.writeBuffer());
  const median = (f: string) => {
    convertMs(f, prof);
    const ms = [convertMs(f, prof), convertMs(f, prof), convertMs(f, prof)].sort((a, b) => a - b);
    return ms[1];
  };
  const base = median(empty);
  console.log(`baseline (start-up, a one-cell workbook): ${base.toFixed(0)} ms`);
  for (const [label, plan] of [
    ["seed, 118 tasks", seed],
    ["synthetic, 10,000 tasks", big],
  ] as const) {
    const f = path.join(dir, `${plan.tasks.length}.xlsx`);
    writeFileSync(f, await writeXlsx(ledgerWorkbook(plan, { asOf: "2022-09-30" })));
    const t = median(f);
    console.log(`${label}: ${t.toFixed(0)} ms (${(t - base).toFixed(0)} ms beyond start-up)`);
  }
}
