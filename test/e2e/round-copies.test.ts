/**
 * `split` derives each unit's copy from a template at the package level. Here a derived copy and the copy
 * the workbook library renders for the same unit are both re-saved by LibreOffice (another program's
 * reading of each) and compared: every cell of every sheet (value, formula, type, resolved style with its
 * number format, font, fill, border, alignment and protection), and every other part (dropdowns, date
 * rules, 预警 colours, sheet protection, tables, names, column widths, row heights) as LibreOffice wrote it.
 * The master is messy on purpose: kept number formats, text over several lines, text starting with `=`, a
 * task with two leads, units with and without milestones.
 */
import { execFileSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../src/render/xlsx/excelts";
import { openLedgerPackage } from "../../src/render/xlsx/package/ledgerPackage";
import { scanSheet } from "../../src/render/xlsx/package/sheetScan";
import { sharedStrings, workbookInfo } from "../../src/render/xlsx/package/workbookParts";
import { allParts, partText, readPackage, type XlsxPackage } from "../../src/render/xlsx/package/zip";
import { snapshotOfPackage } from "../../src/render/xlsx/readXlsx";
import { splitCopies } from "../../src/render/xlsx/splitCopies";
import { headersOf, rowsById } from "../support/roundReturns";
import { cliEntry, requireEngine } from "./engines";

const ROUND = "2022-09-30";

/** Every file re-saved by LibreOffice in one run (one start of the program for all of them). */
function resaveAll(files: string[], outDir: string): void {
  const profile = mkdtempSync(path.join(tmpdir(), "pl-lo-"));
  execFileSync(
    requireEngine("soffice"),
    [
      `-env:UserInstallation=file://${profile}`,
      "--headless",
      "--convert-to",
      "xlsx:Calc Office Open XML",
      "--outdir",
      outDir,
      ...files,
    ],
    { stdio: "pipe", timeout: 240_000 },
  );
}

/** Each cell style of the package, resolved: number format code and the XML of its font, fill, border and xf. */
function resolvedStyles(pkg: XlsxPackage): string[] {
  const info = workbookInfo(pkg);
  const xml = partText(pkg, info.stylesPart!)!;
  const codes = new Map<string, string>();
  for (const m of xml.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)) codes.set(m[1], m[2]);
  const list = (tag: string, outer: string) => {
    const block = new RegExp(`<${outer}[^>]*>([\\s\\S]*?)</${outer}>`).exec(xml)?.[1] ?? "";
    return [...block.matchAll(new RegExp(`<${tag}\\b[^>]*/>|<${tag}\\b[^>]*>[\\s\\S]*?</${tag}>`, "g"))].map(
      (m) => m[0],
    );
  };
  const [fonts, fills, borders] = [list("font", "fonts"), list("fill", "fills"), list("border", "borders")];
  return list("xf", "cellXfs").map((xf) => {
    const a = (n: string) => new RegExp(`\\s${n}="([^"]*)"`).exec(xf)?.[1] ?? "0";
    const inner = xf.replace(/^<xf\b[^>]*?\/?>/, "").replace(/<\/xf>$/, "");
    return [
      `numFmt ${codes.get(a("numFmtId")) ?? `builtin ${a("numFmtId")}`}`,
      fonts[Number(a("fontId"))],
      fills[Number(a("fillId"))],
      borders[Number(a("borderId"))],
      inner,
    ].join(" | ");
  });
}

/** Every sheet's cells as LibreOffice wrote them, by sheet and reference, with strings and styles resolved. */
function cellsOf(pkg: XlsxPackage): Record<string, Record<string, string>> {
  const info = workbookInfo(pkg);
  const strings = sharedStrings(pkg, info.sharedStringsPart);
  const styles = resolvedStyles(pkg);
  const out: Record<string, Record<string, string>> = {};
  for (const sheet of info.sheets) {
    const cells: Record<string, string> = {};
    for (const row of scanSheet(partText(pkg, sheet.part)!).rows)
      for (const c of row.cells) {
        const value = c.type === "s" && c.v !== null ? `text ${strings[Number(c.v)]}` : `${c.type} ${c.v}`;
        cells[`${row.r}:${c.col}`] = [value, `f ${c.f}`, c.inline ?? "", styles[Number(c.style || 0)]].join(
          " || ",
        );
      }
    out[sheet.name] = cells;
  }
  return out;
}

/**
 * The other parts as LibreOffice wrote them: sheets without their cells (rows, with their heights, kept),
 * no shared strings (compared through the cells), no document dates.
 */
function otherParts(pkg: XlsxPackage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, bytes] of allParts(pkg)) {
    if (name.startsWith("docProps/") || name.endsWith("sharedStrings.xml")) continue;
    const text = new TextDecoder().decode(bytes);
    out[name] = text.replace(/<c\s[^>]*?\/>|<c\s[\s\S]*?<\/c>/g, "");
  }
  return out;
}

test("a derived copy is, cell by cell through LibreOffice, the copy the library renders for that unit", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-e2e-copies-"));
  const master = path.join(dir, "台账.xlsx");
  execFileSync(process.execPath, [cliEntry(), "build", "-o", master, "--as-of", ROUND]);
  // A messy master: kept formats, notes over several lines, text that looks like a formula, two leads.
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(master) as never);
  const ws = wb.getWorksheet("任务台账")!;
  const h = headersOf(ws);
  const rows = rowsById(ws, "序号");
  const set = (id: string, header: string, value: unknown, numFmt?: string) => {
    const cell = ws.getCell(rows.get(id)!, h.get(header)!);
    cell.value = value as never;
    if (numFmt) cell.numFmt = numFmt;
  };
  set("1", "状态", "已完成");
  set("1", "完成日期", new Date(Date.UTC(2022, 8, 12)), "yyyy年m月d日");
  set("2", "进展情况", "  第一行\n第二行：已推进  ");
  set("3", "备注", "=SUM(A1:A3) 不是公式");
  set("4", "完成日期", new Date(Date.UTC(2022, 7, 1)), "m/d/yyyy");
  set("4", "状态", "已完成");
  set("5", "牵头单位", `${ws.getCell(rows.get("5")!, h.get("牵头单位")!).value}、税务局`);
  set("6", "佐证材料", 12.5, "0.00");
  writeFileSync(master, new Uint8Array(await wb.xlsx.writeBuffer()));

  const snapshot = snapshotOfPackage(openLedgerPackage(readFileSync(master)));
  const issued = "2022-10-08 09:30";
  const derived = await splitCopies(snapshot, ROUND, issued);
  const library = await splitCopies(snapshot, ROUND, issued, { library: true });
  expect(derived.map((c) => c.unit)).toEqual(library.map((c) => c.unit));
  // Units with milestones and without, the one with the kept formats and the one given a second task.
  const unitOf = (id: string) => String(ws.getCell(rows.get(id)!, h.get("牵头单位")!).value).split("、")[0];
  const chosen = new Set([
    ...["1", "2", "3", "4", "5", "6"].map(unitOf),
    "税务局",
    derived.find((c) => c.milestones > 0)!.unit,
    derived.find((c) => c.milestones === 0)!.unit,
  ]);
  const files: string[] = [];
  for (const [kind, copies] of [
    ["derived", derived],
    ["library", library],
  ] as const) {
    mkdirSync(path.join(dir, kind));
    for (const c of copies.filter((x) => chosen.has(x.unit))) {
      const file = path.join(dir, kind, `${c.unit}.xlsx`);
      writeFileSync(file, c.bytes);
      files.push(file);
    }
  }
  for (const kind of ["derived", "library"]) mkdirSync(path.join(dir, `${kind}-lo`));
  resaveAll(
    files.filter((f) => f.includes(`${path.sep}derived${path.sep}`)),
    path.join(dir, "derived-lo"),
  );
  resaveAll(
    files.filter((f) => f.includes(`${path.sep}library${path.sep}`)),
    path.join(dir, "library-lo"),
  );
  let milestoneSheets = 0;
  for (const unit of chosen) {
    const a = readPackage(readFileSync(path.join(dir, "derived-lo", `${unit}.xlsx`)));
    const b = readPackage(readFileSync(path.join(dir, "library-lo", `${unit}.xlsx`)));
    const cells = cellsOf(a);
    expect(cells).toEqual(cellsOf(b));
    expect(otherParts(a)).toEqual(otherParts(b));
    if (cells["时间节点"]) milestoneSheets++;
    // The copy is what it should be, not merely the same as the other: rules, protection and the marker.
    const sheets = otherParts(a);
    const ledgerPart = Object.keys(sheets).find((n) => /worksheets\/sheet2\.xml$/.test(n))!;
    expect(sheets[ledgerPart]).toMatch(/<dataValidation [^>]*type="list"/);
    expect(sheets[ledgerPart]).toMatch(/<dataValidation [^>]*type="date"/);
    expect(sheets[ledgerPart]).toMatch(/<sheetProtection [^>]*sheet="true"/);
    expect(Object.values(cells["报送信息"]).some((v) => v.includes(`text ${unit}`))).toBe(true);
    expect(Object.values(cells["填报说明"]).some((v) => v.includes(`报送单位：${unit}`))).toBe(true);
  }
  expect(milestoneSheets).toBeGreaterThan(0);
  expect(milestoneSheets).toBeLessThan(chosen.size);
  // The kept formats arrived in the copies.
  const kept = Object.values(
    cellsOf(readPackage(readFileSync(path.join(dir, "derived-lo", `${unitOf("1")}.xlsx`))))["任务台账"],
  );
  expect(kept.some((v) => v.includes("yyyy") && v.includes("年"))).toBe(true);
}, 300_000);
