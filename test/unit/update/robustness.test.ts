/**
 * Ledgers as they come back from an office: renamed headers, full-width numbers, duplicate numbers,
 * stray cells at the sheet's far corners, no plan copy, our sheets renamed, staff sheets named like
 * ours in a ledger from before markers, and files that are not ledgers at all.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { strToU8, zipSync } from "fflate";
import { runCli } from "../../support/cli";
import { seedWorkbook, setLedger, utcDate } from "../../support/ledgerFile";
import { renumberedRevision } from "../../support/reviseRenumber";
import { put, setCellXml, sheetPart, text, unzip, zip, type Parts } from "../../support/staffXml";
import { seedText } from "../../support/files";

let base: Uint8Array;
beforeAll(async () => {
  const wb = await seedWorkbook("2022-09-30");
  setLedger(wb, 7, "进展情况", "第七项的进展");
  base = new Uint8Array(await wb.xlsx.writeBuffer());
});

function files(p: Parts | Uint8Array, planText = seedText()) {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-robust-"));
  const file = path.join(dir, "台账.xlsx");
  writeFileSync(file, p instanceof Uint8Array ? p : zip(p));
  const plan = path.join(dir, "plan.txt");
  writeFileSync(plan, planText);
  return { dir, file, plan, out: path.join(dir, "out.xlsx") };
}

const ledgerXml = (p: Parts, edit: (xml: string) => string) => {
  const part = sheetPart(p, "任务台账");
  put(p, part, edit(text(p, part)));
};
const inline = (ref: string, s: string) => `<c r="${ref}" t="inlineStr"><is><t>${s}</t></is></c>`;

test("a renamed plan or status header is refused, naming the column; nothing is written", async () => {
  const p = unzip(base);
  ledgerXml(p, (x) => setCellXml(x, "J1", inline("J1", "完成状态")));
  const f = files(p);
  const r = await runCli(["update", f.file, "--plan", f.plan, "-o", f.out]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("找不到列“状态”");
  expect(existsSync(f.out)).toBe(false);
});

test("a full-width ７ in 序号 is task 7: no duplicate task, staff's entry stays", async () => {
  const p = unzip(base);
  ledgerXml(p, (x) => setCellXml(x, "A8", inline("A8", "７")));
  const f = files(p);
  const r = await runCli(["update", f.file, "--plan", f.plan, "-o", f.out]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(r.stdout).toContain("任务：新增 0 项，移除 0 项");
  const after = text(unzip(readFileSync(f.out)), sheetPart(p, "任务台账"));
  expect(after).toContain(inline("A8", "７"));
  expect(/<row r="120"/.test(after)).toBe(false);
});

test("duplicate 序号 get a clear answer naming the rows, not a false alarm", async () => {
  const p = unzip(base);
  ledgerXml(p, (x) => setCellXml(x, "A10", '<c r="A10"><v>7</v></c>'));
  const f = files(p);
  const r = await runCli(["update", f.file, "--plan", f.plan, "-o", f.out]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("序号 7 出现在第 8、10 行");
  expect(existsSync(f.out)).toBe(false);
});

test("stray cells at A1048576 and XFD2 cost nothing and stay as they were", async () => {
  const p = unzip(base);
  ledgerXml(p, (x) =>
    setCellXml(setCellXml(x, "XFD2", inline("XFD2", "x")), "A1048576", inline("A1048576", "k")),
  );
  const f = files(p, renumberedRevision(11, 2, 2).text);
  for (const cmd of [
    ["validate", f.file],
    ["summary", f.file],
  ]) {
    const r = await runCli(cmd);
    expect([cmd[0], r.code < 2]).toEqual([cmd[0], true]);
  }
  const heap = process.memoryUsage().heapUsed;
  const r = await runCli(["update", f.file, "--plan", f.plan, "-o", f.out, "--yes"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(process.memoryUsage().heapUsed - heap).toBeLessThan(200 * 1024 * 1024);
  const after = text(unzip(readFileSync(f.out)), sheetPart(p, "任务台账"));
  expect(after).toContain(inline("A1048576", "k"));
  expect(after).toContain(inline("XFD2", "x"));
});

test("without the plan copy, staff's changed deadline is kept and reported, never overwritten", async () => {
  const wb = await seedWorkbook("2022-09-30");
  setLedger(wb, 5, "完成时限", utcDate("2023-03-31"), "yyyy-mm-dd");
  wb.removeWorksheet(wb.getWorksheet("计划原文")!.id);
  const f = files(new Uint8Array(await wb.xlsx.writeBuffer()));
  const r = await runCli(["update", f.file, "--plan", f.plan, "-o", f.out]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(r.stdout).toContain("[冲突] 任务台账 5 完成时限");
  const out = await seedWorkbook();
  await out.xlsx.load(readFileSync(f.out) as never);
  expect((out.getWorksheet("任务台账")!.getCell("G6").value as Date).toISOString().slice(0, 10)).toBe(
    "2023-03-31",
  );
});

test("our sheet renamed by staff is still ours (by its marker); a legacy ledger's staff sheet called 变更记录 is never touched", async () => {
  const p = unzip(base);
  put(p, "xl/workbook.xml", text(p, "xl/workbook.xml").replace(/任务台账/g, "台账2022"));
  const f = files(p, renumberedRevision(5, 1, 1).text);
  const r = await runCli(["update", f.file, "--plan", f.plan, "-o", f.out, "--yes"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);

  // A ledger from before markers, with staff's own 变更记录.
  const legacy = unzip(base);
  put(
    legacy,
    "xl/workbook.xml",
    text(legacy, "xl/workbook.xml").replace(/<definedName name="PlanLedger_[^<]*<\/definedName>/g, ""),
  );
  const wbx = text(legacy, "xl/workbook.xml").replace(
    "</sheets>",
    '<sheet name="变更记录" sheetId="99" r:id="rIdMine"/></sheets>',
  );
  put(legacy, "xl/workbook.xml", wbx);
  put(
    legacy,
    "xl/_rels/workbook.xml.rels",
    text(legacy, "xl/_rels/workbook.xml.rels").replace(
      "</Relationships>",
      '<Relationship Id="rIdMine" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/mine.xml"/></Relationships>',
    ),
  );
  put(
    legacy,
    "xl/worksheets/mine.xml",
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>科室的变更记录</t></is></c></row></sheetData></worksheet>',
  );
  put(
    legacy,
    "[Content_Types].xml",
    text(legacy, "[Content_Types].xml").replace(
      "</Types>",
      '<Override PartName="/xl/worksheets/mine.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
  );
  const g = files(legacy, renumberedRevision(5, 1, 1).text);
  const r2 = await runCli(["update", g.file, "--plan", g.plan, "-o", g.out, "--yes"]);
  expect([r2.code, r2.stderr]).toEqual([0, ""]);
  expect(r2.stdout).toContain("变更记录写在工作表“变更记录（台账助手）”");
  const after = unzip(readFileSync(g.out));
  expect(
    Buffer.from(after["xl/worksheets/mine.xml"]).equals(Buffer.from(legacy["xl/worksheets/mine.xml"])),
  ).toBe(true);
  expect(text(after, "xl/workbook.xml")).toContain('<definedName name="PlanLedger_Ledger">');
});

test.each([
  [
    "an .ods file",
    zipSync({
      mimetype: strToU8("application/vnd.oasis.opendocument.spreadsheet"),
      "content.xml": strToU8("<x/>"),
    }),
    "OpenDocument",
  ],
  [
    "an encrypted workbook or .xls",
    Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
    "加密",
  ],
  [
    "a zip bomb",
    zipSync({ "[Content_Types].xml": new Uint8Array(60 * 1024 * 1024) }, { level: 9 }),
    "大得异常",
  ],
])("%s is refused with exit 2 and a Chinese reason", async (_, bytes, words) => {
  const f = files(bytes as Uint8Array);
  for (const cmd of [
    ["validate", f.file],
    ["summary", f.file],
    ["update", f.file, "-o", f.out],
  ]) {
    const r = await runCli(cmd);
    expect([cmd[0], r.code]).toEqual([cmd[0], 2]);
    expect(r.stderr).toContain(words);
  }
  expect(existsSync(f.out)).toBe(false);
});

test("a truncated download is refused with exit 2", async () => {
  const f = files(base.slice(0, Math.floor(base.length * 0.6)));
  const r = await runCli(["update", f.file, "-o", f.out]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("不完整或已损坏");
});

/** Title rows typed above the header: every row of the ledger sheet moves down (formulas dropped for brevity). */
function withTitleRows(p: Parts, n: number): void {
  const shift = (ref: string) => ref.replace(/([A-Z]+)(\d+)/g, (_, c, r) => `${c}${Number(r) + n}`);
  ledgerXml(p, (x) => {
    let out = x
      .replace(/<f>[^<]*<\/f>/g, "")
      .replace(/<row r="(\d+)"/g, (_, r) => `<row r="${Number(r) + n}"`)
      .replace(/<c r="([A-Z]+\d+)"/g, (_, ref) => `<c r="${shift(ref)}"`)
      .replace(/sqref="([^"]+)"/g, (_, sq) => `sqref="${shift(sq)}"`)
      .replace(/<dimension ref="([^"]+)"/, (_, d) => `<dimension ref="${shift(d)}"`);
    out = out.replace(
      "<sheetData>",
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>某区营商环境工作台账</t></is></c></row>',
    );
    return out;
  });
  const t = "xl/tables/table1.xml";
  put(
    p,
    t,
    text(p, t).replace(/ref="([^"]+)"/g, (_, r) => `ref="${shift(r)}"`),
  );
}

test("a title row above the header: plan columns found under it, new tasks appended under the table, the title kept", async () => {
  const p = unzip(base);
  withTitleRows(p, 2);
  let rev = renumberedRevision(21, 2, 2);
  for (let s = 22; !rev.added.length; s++) rev = renumberedRevision(s, 2, 2);
  const f = files(p, rev.text);
  const r = await runCli(["update", f.file, "--plan", f.plan, "-o", f.out, "--yes"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const after = unzip(readFileSync(f.out));
  const xml = text(after, sheetPart(p, "任务台账"));
  expect(xml).toContain("某区营商环境工作台账");
  // Task 7's entry, two rows lower because of the title, untouched.
  const entry = (x: string) => /<c r="K10"[^>]*?(\/>|>.*?<\/c>)/.exec(x)?.[0];
  expect(entry(xml)).toBe(entry(text(unzip(readFileSync(f.file)), sheetPart(p, "任务台账"))));
  expect(entry(xml)).toContain("<v>");
  for (const id of rev.added) {
    const row = 121 + rev.added.indexOf(id) + 1;
    expect(xml).toMatch(new RegExp(`<row r="${row}"`));
    // The hidden list key (column P) that the dashboard's live lists read, counted from the header on row 3.
    expect(xml).toMatch(
      new RegExp(`<c r="P${row}"[^>]*><f>IFERROR\\(IF\\(AND\\(A${row}&lt;&gt;"".*ROW\\(\\)-3,`),
    );
  }
  // The table carries the 计划状态 column (Q) from the build on.
  expect(text(after, "xl/tables/table1.xml")).toContain(`ref="A3:Q${121 + rev.added.length}"`);
});

test("validate --fix changes only the fixed cells' values; links, notes and every other part stay", async () => {
  const wb = await seedWorkbook("2022-09-30");
  setLedger(wb, 4, "完成日期", "2022/7/15");
  setLedger(wb, 4, "状态", "已完成");
  const p = unzip(new Uint8Array(await wb.xlsx.writeBuffer()));
  const ledger = sheetPart(p, "任务台账");
  ledgerXml(p, (x) =>
    x.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="O3:O4"/></mergeCells>'),
  );
  const f = files(p);
  const r = await runCli(["validate", f.file, "--fix", "-o", f.out]);
  expect(r.stdout).toContain("L5");
  const before = unzip(readFileSync(f.file));
  const after = unzip(readFileSync(f.out));
  for (const name of Object.keys(before))
    if (name !== ledger)
      expect([name, Buffer.from(after[name]).equals(Buffer.from(before[name]))]).toEqual([name, true]);
  const strip = (x: string) => x.replace(/<c r="L5"[^>]*?(\/>|>.*?<\/c>)/, "");
  expect(strip(text(after, ledger))).toBe(strip(text(before, ledger)));
  expect(text(after, ledger)).toMatch(/<c r="L5" s="\d+"><v>44757<\/v><\/c>/);
});
