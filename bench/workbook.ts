/** Build time of the ledger workbook, and our writer against the library writing the same cells by hand. */
import { Workbook } from "../src/render/xlsx/excelts";
import type { Plan } from "../src/plan";
import { cellValue, writeXlsx } from "../src/render/xlsx/writeXlsx";
import { ledgerWorkbook } from "../src/workbook/ledgerWorkbook";
import type { WorkbookSpec } from "../src/workbook/spec";

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
}

/** The library alone: the same values with font, alignment and borders on every cell; no layout code of ours. */
async function rawLibrary(spec: WorkbookSpec): Promise<void> {
  const wb = new Workbook();
  const font = { name: "等线", size: 10 };
  const alignment = { wrapText: true, vertical: "top" };
  const thin = { style: "thin", color: { argb: "FFBFBFBF" } };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  for (const s of spec.sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) =>
      row.forEach((c, k) => {
        const cell = ws.getCell(r + 1, k + 1);
        cell.value = cellValue(c) as never;
        cell.font = font as never;
        cell.alignment = alignment as never;
        cell.border = border as never;
      }),
    );
  }
  await wb.xlsx.writeBuffer();
}

export async function benchWorkbook(seed: Plan, big: Plan): Promise<void> {
  console.log("\n## Ledger workbook (.xlsx)");
  for (const [label, plan, runs] of [
    ["seed (118 tasks)", seed, 5],
    ["synthetic 10,000 tasks", big, 3],
  ] as const) {
    const ours = await timeAsync(() => writeXlsx(ledgerWorkbook(plan, { asOf: "2022-09-30" })), runs);
    const spec = ledgerWorkbook(plan, { asOf: "2022-09-30" });
    const raw = await timeAsync(() => rawLibrary(spec), runs);
    console.log(
      `${label}: build ${ours.toFixed(0)} ms; library alone, same cells ${raw.toFixed(0)} ms; overhead ${(((ours - raw) / raw) * 100).toFixed(0)}%`,
    );
  }
}
