/**
 * Build time of the ledger workbook: whole `plan-ledger build` processes (time and peak memory), and our
 * writer against the library writing the same cells with the same styles by its ordinary API.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
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

/** One whole `plan-ledger build` process: wall time and peak resident memory. */
function wholeBuild(planFile: string | null, out: string): { ms: number; mb: number } {
  const args = ["build", ...(planFile ? [planFile] : []), "-o", out, "--force", "--as-of", "2022-09-30"];
  const launcher = path.join(__dirname, "..", "bin", "plan-ledger.js");
  const script =
    `process.argv = [process.argv[0], "plan-ledger", ...${JSON.stringify(args)}];` +
    `process.on("exit", () => process.stderr.write("maxrss:" + process.resourceUsage().maxRSS + "\\n"));` +
    `require(${JSON.stringify(launcher)});`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  const kb = Number(/maxrss:(\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { ms, mb: kb / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchWorkbook(seed: Plan, big: Plan, bigPlanText: string): Promise<void> {
  console.log(
    "\n## Ledger workbook (.xlsx) (goal: whole build ≤ 0.3 s for the seed; ≤ 3 s and ≤ 300 MB at 10,000 tasks)",
  );
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-"));
  const bigFile = path.join(dir, "plan-10000.txt");
  writeFileSync(bigFile, bigPlanText);
  for (const [label, file, runs] of [
    ["seed (118 tasks)", null, 5],
    ["synthetic 10,000 tasks", bigFile, 3],
  ] as const) {
    const rs = Array.from({ length: runs }, () => wholeBuild(file, path.join(dir, "out.xlsx")));
    console.log(
      `${label}: whole \`plan-ledger build\` process ${median(rs.map((r) => r.ms)).toFixed(0)} ms, peak ${median(rs.map((r) => r.mb)).toFixed(0)} MB (median of ${runs})`,
    );
  }
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
