/**
 * Build time of the ledger workbook in one process: our writer against the library writing the same cells
 * with the same styles by its ordinary API.
 */
import { Workbook } from "../src/render/xlsx/excelts";
import type { Plan } from "../src/plan";
import { cellValue, writeXlsx } from "../src/render/xlsx/writeXlsx";
import { ledgerWorkbook } from "../src/workbook/ledgerWorkbook";
import type { WorkbookSpec } from "../src/workbook/spec";
import { eachCell } from "../src/workbook/a1";
import { FONT } from "../src/workbook/styles";

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

/**
 * The library alone doing the same work: every value of the spec, every styled cell of the spec styled
 * (font, fill, alignment, border, number format) through the library's own cell setters, the same merges;
 * written without its self-check, as ours is. No layout code of ours runs.
 */
async function rawLibrary(spec: WorkbookSpec): Promise<number> {
  const wb = new Workbook();
  const thin = { style: "thin", color: { argb: "FFBFBFBF" } };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  let styled = 0;
  for (const s of spec.sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) =>
      row.forEach((c, k) => {
        if (c !== null) ws.getCell(r + 1, k + 1).value = cellValue(c) as never;
      }),
    );
    for (const { range, style } of s.styles)
      eachCell(range, (r, c) => {
        const cell = ws.getCell(r, c);
        cell.font = { name: FONT, size: style.fontSize ?? 10, bold: style.bold ?? false } as never;
        cell.alignment = { wrapText: style.wrap ?? false, vertical: style.vertical ?? "top" } as never;
        if (style.fill)
          cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: style.fill } } as never;
        if (style.numFmt) cell.numFmt = style.numFmt;
        if (style.border) cell.border = border as never;
        styled++;
      });
    for (const m of s.merges) ws.mergeCells(m);
  }
  await wb.xlsx.writeBuffer({ validate: false } as never);
  return styled;
}

const styledCells = (spec: WorkbookSpec) => {
  let n = 0;
  for (const s of spec.sheets) for (const { range } of s.styles) eachCell(range, () => n++);
  return n;
};

export async function benchWorkbook(seed: Plan, big: Plan): Promise<void> {
  console.log(
    "\n## Ledger workbook (.xlsx), in-process (whole `plan-ledger build` processes: see the commands section)",
  );
  for (const [label, plan, runs] of [
    ["seed (118 tasks)", seed, 5],
    ["synthetic 10,000 tasks", big, 3],
  ] as const) {
    const spec = ledgerWorkbook(plan, { asOf: "2022-09-30" });
    const ours = await timeAsync(() => writeXlsx(ledgerWorkbook(plan, { asOf: "2022-09-30" })), runs);
    let styled = 0;
    const raw = await timeAsync(async () => (styled = await rawLibrary(spec)), runs);
    console.log(
      `${label}: in-process build ${ours.toFixed(0)} ms; library alone, same ${styled.toLocaleString("en")} styled cells (ours: ${styledCells(spec).toLocaleString("en")}) ${raw.toFixed(0)} ms; overhead ${(((ours - raw) / raw) * 100).toFixed(0)}%`,
    );
  }
}
