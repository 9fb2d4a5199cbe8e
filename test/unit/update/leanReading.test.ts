/**
 * How the update reads and writes a large ledger with less memory must not change what it reads or writes:
 * a sheet scanned as bytes reads the same cells as its decoded text; a grid holding only the columns the
 * update reads gives the same table; a part an update rewrites to the same bytes stays as it was stored.
 */
import { parsePlan } from "../../../src/plan";
import { scanSheetText } from "../../../src/render/xlsx/package/sheetScan";
import { gridFromXml } from "../../../src/render/xlsx/package/readGrid";
import { openLedgerPackage } from "../../../src/render/xlsx/package/ledgerPackage";
import { zipEntries } from "../../../src/render/xlsx/package/zip";
import { applyUpdate, prepareUpdate } from "../../../src/render/xlsx/updateInPlace";
import { readSheetTable } from "../../../src/ledger/update/table";
import { PLAN_COLUMNS, PLAN_STATUS_HEADER } from "../../../src/ledger/vocabulary";
import { seedWorkbook } from "../../support/ledgerFile";
import { seedText } from "../../support/files";
import { put, setCellXml, sheetPart, text, unzip, zip } from "../../support/staffXml";

let base: Uint8Array;
beforeAll(async () => {
  base = new Uint8Array(await (await seedWorkbook("2022-09-30")).xlsx.writeBuffer());
});

const latin1 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
const ctx = { strings: ["共享文字"], formats: ["General"], date1904: false };

test("a sheet scanned as bytes reads every cell's text, formula and attributes as its decoded text does", () => {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<sheetData><row r="1" spans="1:6">' +
    '<c r="A1" t="inlineStr"><is><t>推进中 &amp; “已完成” &#x4E2D;&#19968;</t></is></c>' +
    '<c r="B1" t="str"><f>IF(J1="已完成","是","否")</f><v>否</v></c>' +
    '<c r="C1" t="s"><v>0</v></c>' +
    '<c r="D1" t="inlineStr"><is><r><t>富</t></r><r><t><![CDATA[文本<甲>]]></t></r><rPh><t>ふりがな</t></rPh></is></c>' +
    '<c r="E1" t="str"><f t="shared" ref="E1:E2" si="0">"单位"&amp;A1</f><v>单位</v></c>' +
    '<c r="F1"><v>44926</v></c>' +
    "</row></sheetData></worksheet>";
  const asText = scanSheetText(xml);
  const asBytes = scanSheetText(latin1(xml), undefined, { binary: true });
  const cells = (s: typeof asText) =>
    s.rows.flatMap((r) => r.cells.map((c) => [c.col, c.v, c.f, c.fAttrs, c.inline]));
  expect(cells(asBytes)).toEqual(cells(asText));
  expect(cells(asBytes)[0][4]).toBe("推进中 & “已完成” 中一");
  expect(cells(asBytes)[3][4]).toBe("富文本<甲>");
  // Offsets are byte offsets: the cell's bytes are where the scan says.
  const b1 = asBytes.rows[0].cells[1];
  expect(
    Buffer.from(xml, "utf8")
      .subarray(b1.start, b1.end + 1)
      .toString("utf8"),
  ).toBe('<c r="B1" t="str"><f>IF(J1="已完成","是","否")</f><v>否</v></c>');
  expect(gridFromXml(latin1(xml), ctx, Infinity, Infinity, { binary: true })).toEqual(gridFromXml(xml, ctx));
});

test("a grid of the columns the update reads gives the table the whole grid gives, rows with only staff entries included", () => {
  const p = unzip(base);
  const ledger = sheetPart(p, "任务台账");
  let xml = text(p, ledger);
  // A title row above the header; below the table a row with only a formula in a staff column (K), one
  // with only a shared formula's child there, and one with an empty string only (not a row that counts).
  xml = xml.replace(/<row r="(\d+)"/g, (_, r) => `<row r="${Number(r) + 1}"`);
  xml = xml.replace(/ r="([A-Z]+)(\d+)"/g, (_, c, r) => ` r="${c}${Number(r) + 1}"`);
  xml = xml.replace(
    "<sheetData>",
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>某区行动计划任务台账</t></is></c></row>',
  );
  xml = setCellXml(xml, "K125", '<c r="K125" t="str"><f>IF(1,"合计","")</f><v>合计</v></c>');
  xml = setCellXml(xml, "K126", '<c r="K126"><f t="shared" ref="K126:L126" si="7">1+1</f><v>2</v></c>');
  xml = setCellXml(xml, "L126", '<c r="L126"><f t="shared" si="7"/><v>2</v></c>');
  xml = setCellXml(xml, "K128", '<c r="K128" t="inlineStr"><is><t></t></is></c>');
  xml = setCellXml(xml, "M130", '<c r="M130"><f>1</f><v></v></c>');
  put(p, ledger, xml);
  const lp = openLedgerPackage(zip(p));
  const bin = latin1(xml);
  const whole = gridFromXml(xml, lp.ctx);
  const fields = [...PLAN_COLUMNS, PLAN_STATUS_HEADER];
  const full = readSheetTable("任务台账", whole, "序号", [], null)!;
  const cols = new Set(fields.map((h) => full.columns.get(h)).filter((c): c is number => c !== undefined));
  const counted = new Set([...full.columns.values()].filter((c) => !cols.has(c)));
  const narrow = gridFromXml(bin, lp.ctx, Infinity, Infinity, {
    binary: true,
    narrow: { fromRow: full.headerRow + 1, cols, counted },
  });
  const lean = readSheetTable("任务台账", narrow, "序号", [], null, fields)!;
  expect(lean.headerRow).toBe(2);
  expect(lean.rows.map((r) => r.row)).toEqual(full.rows.map((r) => r.row));
  expect(lean.rows.map((r) => r.row)).toEqual(expect.arrayContaining([125, 126, 130]));
  expect(lean.rows.map((r) => r.row)).not.toContain(128);
  expect(lean.lastRow).toBe(full.lastRow);
  for (const [i, r] of lean.rows.entries())
    for (const h of fields) expect(r.cells.get(h)).toEqual(full.rows[i].cells.get(h));
});

test("a part an update rewrites to the same bytes is copied as it was stored", () => {
  const plan = parsePlan(seedText());
  const once = applyUpdate(prepareUpdate(base, plan), plan, "2022-10-01 09:00", "2022-10-01").bytes;
  const twice = applyUpdate(prepareUpdate(once, plan), plan, "2022-10-02 09:00", "2022-10-02").bytes;
  const copy = openLedgerPackage(once).roles.planCopy!.part;
  const [a, b] = [zipEntries(once)!.get(copy)!, zipEntries(twice)!.get(copy)!];
  // The same stored bytes (not merely the same content deflated again): the entry was copied.
  expect(
    Buffer.compare(once.subarray(a.offset, a.offset + a.size), twice.subarray(b.offset, b.offset + b.size)),
  ).toBe(0);
  expect([b.crc, b.size, b.originalSize]).toEqual([a.crc, a.size, a.originalSize]);
  // The log did change (this update's row), and went through deflate.
  const log = openLedgerPackage(twice).roles.log!.part;
  expect(zipEntries(twice)!.get(log)!.originalSize).toBeGreaterThan(zipEntries(once)!.get(log)!.originalSize);
});
