/** LibreOffice Calc, headless, as the independent spreadsheet engine of the e2e tests. */
import { execFileSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { parse } from "csv-parse/sync";
import { requireEngine } from "./engines";

/** A fresh profile that always recalculates on load (otherwise LO shows the file's cached results). */
function freshProfile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-lo-"));
  mkdirSync(path.join(dir, "user"), { recursive: true });
  writeFileSync(
    path.join(dir, "user", "registrymodifications.xcu"),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>`,
  );
  return dir;
}

function soffice(args: string[]): void {
  const bin = requireEngine("soffice");
  execFileSync(bin, [`-env:UserInstallation=file://${freshProfile()}`, "--headless", ...args], {
    stdio: "pipe",
    timeout: 240_000,
  });
}

/**
 * Every sheet of the workbook, recalculated by LibreOffice: as displayed text, or (`asShown` false) as raw
 * values, numbers unrounded and dates as serials.
 */
export function recalcSheets(xlsx: string, asShown = true): Record<string, string[][]> {
  const out = mkdtempSync(path.join(tmpdir(), "pl-csv-"));
  const filter = `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,${asShown},false,false,false,-1`;
  soffice(["--convert-to", filter, "--outdir", out, xlsx]);
  const base = path.basename(xlsx, ".xlsx");
  const sheets: Record<string, string[][]> = {};
  for (const f of readdirSync(out)) {
    const name = f.slice(base.length + 1, -".csv".length);
    sheets[name] = parse(readFileSync(path.join(out, f), "utf8"), { relaxColumnCount: true });
  }
  return sheets;
}

/** A PDF render of the workbook (for looking at it), returned as the PDF's path. */
export function renderPdf(xlsx: string, outDir: string): string {
  soffice(["--convert-to", "pdf", "--outdir", outDir, xlsx]);
  return path.join(outDir, path.basename(xlsx, ".xlsx") + ".pdf");
}

/** The workbook as LibreOffice saves it (another writer's file, as staff who use LibreOffice/WPS send them). */
export function resaveXlsx(xlsx: string, outDir: string): string {
  soffice(["--convert-to", "xlsx:Calc Office Open XML", "--outdir", outDir, xlsx]);
  return path.join(outDir, path.basename(xlsx));
}
