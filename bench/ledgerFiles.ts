/**
 * Filled ledgers of any size for the file benches: a synthetic plan's workbook with staff entries (status,
 * progress, completion date) in most rows, and a revision of the plan (one task inserted as No. 3, two
 * removed, the rest renumbered).
 */
import { writeFileSync } from "fs";
import path from "path";
import { parsePlan } from "../src/plan";
import { writeXlsx } from "../src/render/xlsx/writeXlsx";
import { openLedgerPackage } from "../src/render/xlsx/package/ledgerPackage";
import { cellXml } from "../src/render/xlsx/package/cellXml";
import { applySplices, cellSplices, refOf, type CellWrite } from "../src/render/xlsx/package/patchSheet";
import { scanSheet } from "../src/render/xlsx/package/sheetScan";
import { partText, setPartText, writePackage } from "../src/render/xlsx/package/zip";
import { ledgerWorkbook } from "../src/workbook/ledgerWorkbook";
import { date } from "../src/workbook/spec";
import { syntheticPlan } from "./synthetic";

export interface BenchLedger {
  file: string;
  plan: string;
  revised: string;
}

export async function filledLedger(tasks: number, dir: string): Promise<BenchLedger> {
  const text = syntheticPlan(tasks);
  const plan = path.join(dir, `plan-${tasks}.txt`);
  writeFileSync(plan, text);
  const lp = openLedgerPackage(await writeXlsx(ledgerWorkbook(parsePlan(text), { asOf: "2022-09-30" })));
  const part = lp.roles.ledger!.part;
  const xml = partText(lp.pkg, part)!;
  const scan = scanSheet(xml);
  const styleOf = new Map(scan.rows[1].cells.map((c) => [c.col, c.style]));
  const writes: CellWrite[] = [];
  for (let r = 2; r <= tasks + 1; r++) {
    const k = r % 10;
    if (k === 0) continue; // some rows untouched
    const status = k < 4 ? "已完成" : k < 8 ? "推进中" : "未启动";
    writes.push({ row: r, col: 10, xml: cellXml(refOf(r, 10), status, styleOf.get(10) ?? "") });
    writes.push({
      row: r,
      col: 11,
      xml: cellXml(refOf(r, 11), `第${r}行：已召开推进会，完成阶段目标。`, styleOf.get(11) ?? ""),
    });
    if (status === "已完成")
      writes.push({
        row: r,
        col: 12,
        xml: cellXml(refOf(r, 12), date(`2022-0${7 + (r % 3)}-1${r % 10}`), styleOf.get(12) ?? ""),
      });
  }
  setPartText(lp.pkg, part, applySplices(xml, cellSplices(xml, scan, writes)));
  const file = path.join(dir, `ledger-${tasks}.xlsx`);
  writeFileSync(file, writePackage(lp.pkg));

  const lines = text.split("\n");
  const out: string[] = [];
  let next = 1;
  for (const line of lines) {
    const m = /^(\s*)(\d+)\.(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const id = Number(m[2]);
    if (id === 3) out.push(`${m[1]}${next++}.新插入的任务。9月底前完成。〔牵头单位:税务局〕`, "");
    if (id === 50 || id === 51) continue;
    out.push(`${m[1]}${next++}.${m[3]}`);
  }
  const revised = path.join(dir, `revised-${tasks}.txt`);
  writeFileSync(revised, out.join("\n"));
  return { file, plan, revised };
}
