/**
 * Ledgers last saved by programs that write XML differently from Excel: openpyxl declares the
 * relationships prefix on each <sheet> instead of the root; the OpenXML SDK and .NET exporters prefix
 * the main namespace (`<x:c>`). Whatever the update adds must be XML a strict, namespace-aware reader
 * accepts, in the namespace the file uses.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";
import { seedWorkbook, setLedger } from "../../support/ledgerFile";
import { seedText } from "../../support/files";
import { put, setCellXml, sheetPart, text, unzip, zip, type Parts } from "../../support/staffXml";
import { xmlProblem } from "../../../src/render/xlsx/package/wellFormed";
import { verifyPackage } from "../../../src/render/xlsx/package/verifyPackage";

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

let base: Uint8Array;
beforeAll(async () => {
  const wb = await seedWorkbook("2022-09-30");
  setLedger(wb, 7, "进展情况", "第七项的进展");
  base = new Uint8Array(await wb.xlsx.writeBuffer());
});

/** The seed plan without task 10 (the tasks after it keep their numbers' order, renumbered). */
function planWithout10(): string {
  let next = 0;
  const out: string[] = [];
  let skip = false;
  for (const line of seedText().split("\n")) {
    const m = /^(\s*)(\d+)\.(.*)$/.exec(line);
    if (m) {
      skip = Number(m[2]) === 10;
      if (!skip) out.push(`${m[1]}${++next}.${m[3]}`);
    } else if (!skip || !line.trim()) out.push(line);
  }
  return out.join("\n");
}

function run(p: Parts) {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-foreign-"));
  const file = path.join(dir, "台账.xlsx");
  writeFileSync(file, zip(p));
  const plan = path.join(dir, "plan.txt");
  writeFileSync(plan, planWithout10());
  const out = path.join(dir, "out.xlsx");
  return { file, plan, out, go: () => runCli(["update", file, "--plan", plan, "-o", out, "--yes"]) };
}

test("the XML check finds what strict readers refuse", () => {
  expect(xmlProblem(`<a xmlns="${MAIN}"><b/></a>`)).toBeNull();
  expect(xmlProblem(`<a xmlns="${MAIN}"><s r:id="x"/></a>`)).toContain("前缀“r”没有声明");
  expect(xmlProblem(`<a xmlns="${MAIN}"><s xmlns:r="${REL}" r:id="x"/><s r:id="y"/></a>`)).toContain(
    "前缀“r”没有声明",
  );
  expect(xmlProblem(`<x:a xmlns:x="${MAIN}"><c/></x:a>`)).toContain("不在任何命名空间");
  expect(xmlProblem(`<a xmlns="${MAIN}"><b></a>`)).toContain("不配对");
  expect(xmlProblem(`<a xmlns="${MAIN}">R&D</a>`)).toContain("未转义");
  expect(xmlProblem(`<a xmlns="${MAIN}" k="1" k="2"/>`)).toContain("重复");
  expect(xmlProblem(`<a xmlns="${MAIN}" k="a&b"/>`)).toContain("未转义");
  expect(xmlProblem(`<a xmlns="${MAIN}">&nbsp;</a>`)).toContain("实体");
  expect(xmlProblem(`<a xmlns="${MAIN}">&#65;&amp;&lt;</a>`)).toBeNull();
  expect(xmlProblem(`<a xmlns="${MAIN}" k="<"/>`)).not.toBeNull();
  expect(xmlProblem(`<!DOCTYPE a><a xmlns="${MAIN}"/>`)).toContain("DOCTYPE");
  expect(xmlProblem(`<a xmlns="${MAIN}"/><a xmlns="${MAIN}"/>`)).toContain("根元素之外");
  expect(xmlProblem("")).toContain("没有根元素");
  // VML parts use elements in no namespace: allowed when told so, prefixes still checked.
  expect(xmlProblem(`<xml><v:shape/></xml>`, false)).toContain("前缀“v”没有声明");
  expect(xmlProblem(`<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape/></xml>`, false)).toBeNull();
});

test("openpyxl-style workbook.xml (r: declared per <sheet>): the added change-log sheet declares its prefix", async () => {
  const p = unzip(base);
  const wb = text(p, "xl/workbook.xml");
  const openpyxlStyle = wb
    .replace(` xmlns:r="${REL}"`, "")
    .replace(/<sheet (?=[^>]*r:id=)/g, `<sheet xmlns:r="${REL}" `);
  expect(openpyxlStyle).not.toBe(wb);
  expect(xmlProblem(openpyxlStyle)).toBeNull();
  put(p, "xl/workbook.xml", openpyxlStyle);
  const f = run(p);
  const r = await f.go();
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const after = unzip(readFileSync(f.out));
  expect(xmlProblem(text(after, "xl/workbook.xml"))).toBeNull();
  expect(text(after, "xl/workbook.xml")).toContain("变更记录");

  // The check before writing catches an unbound prefix even where nothing else differs.
  const broken = unzip(readFileSync(f.out));
  put(
    broken,
    "xl/workbook.xml",
    text(broken, "xl/workbook.xml").replace(`<sheet xmlns:r="${REL}" `, "<sheet "),
  );
  const diffs = verifyPackage(zip(p), zip(broken), {
    cells: new Map(),
    ownedSheets: new Set(),
    insertOnly: new Set(["xl/workbook.xml"]),
    parts: new Set(),
  });
  expect(diffs.map((d) => d.what).join("\n")).toContain("前缀“r”没有声明");
});

/** The ledger sheet rewritten with `x:` on every element of the main namespace. */
function prefixed(xml: string): string {
  return xml
    .replace(/<(\/?)(?!\?)([A-Za-z][\w]*)(?=[\s>/])/g, "<$1x:$2")
    .replace(` xmlns="${MAIN}"`, ` xmlns:x="${MAIN}"`);
}

test("a sheet written with an x: prefix gets x:-prefixed cells (the plan-status column is visible to spreadsheet programs)", async () => {
  const p = unzip(base);
  const ledger = sheetPart(p, "任务台账");
  const x = prefixed(text(p, ledger));
  expect(xmlProblem(x)).toBeNull();
  expect(x).toContain("<x:sheetData");
  put(p, ledger, x);
  const f = run(p);
  const r = await f.go();
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const after = text(unzip(readFileSync(f.out)), ledger);
  expect(xmlProblem(after)).toBeNull();
  expect(after).toMatch(/<x:c r="Q11"[^>]*t="inlineStr"><x:is><x:t>已移除<\/x:t><\/x:is><\/x:c>/);
  expect(after).not.toMatch(/<c\s/);
});

test("a staff column already headed 计划状态 is never taken over: the tool adds its own, found again by its marker", async () => {
  const p = unzip(base);
  // A ledger from before the tool's 计划状态 column (no marker): column Q headed 计划状态 is staff's.
  const book = text(p, "xl/workbook.xml");
  put(
    p,
    "xl/workbook.xml",
    book.replace(/<definedName name="PlanLedger_PlanStatus"[^>]*>[^<]*<\/definedName>/, ""),
  );
  expect(text(p, "xl/workbook.xml")).not.toBe(book);
  const ledger = sheetPart(p, "任务台账");
  const cell = (ref: string, s: string) => `<c r="${ref}" t="inlineStr"><is><t>${s}</t></is></c>`;
  let x = text(p, ledger);
  for (const [ref, v] of [
    ["Q1", "计划状态"],
    ["Q2", "计划内"],
    ["Q11", "新增重点"],
  ])
    x = setCellXml(x, ref, cell(ref, v));
  put(p, ledger, x);
  const f = run(p);
  const r = await f.go();
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const out = unzip(readFileSync(f.out));
  const after = text(out, ledger);
  expect(after).toContain(cell("Q1", "计划状态"));
  expect(after).toContain(cell("Q11", "新增重点"));
  expect(after).toContain(cell("Q2", "计划内"));
  expect(after).toMatch(/<c r="R1"[^>]*><is><t>计划状态（台账助手）<\/t>/);
  expect(after).toMatch(/<c r="R11"[^>]*><is><t>已移除<\/t>/);
  expect(text(out, "xl/workbook.xml")).toMatch(/name="PlanLedger_PlanStatus"[^>]*>'任务台账'!\$R\$1</);

  // The next update finds the tool's column by its marker: no third column, staff's still untouched.
  const again = path.join(path.dirname(f.out), "again.xlsx");
  const r2 = await runCli(["update", f.out, "--plan", f.plan, "-o", again, "--yes"]);
  expect([r2.code, r2.stderr]).toEqual([0, ""]);
  const after2 = text(unzip(readFileSync(again)), ledger);
  expect(after2).not.toMatch(/<c r="S1"/);
  expect(after2).toContain(cell("Q11", "新增重点"));
  const s = await runCli(["summary", again]);
  expect(s.stdout).toContain("任务总数 117");
});
