/** The package-level check refuses any change the tool was not allowed to make. */
import { verifyPackage, type AllowedChanges } from "../../../src/render/xlsx/package/verifyPackage";
import { seedWorkbook } from "../../support/ledgerFile";
import { put, setCellXml, sheetPart, text, unzip, zip } from "../../support/staffXml";

let base: Uint8Array;
beforeAll(async () => {
  base = new Uint8Array(await (await seedWorkbook("2022-09-30")).xlsx.writeBuffer());
});

const allowed = (cells: Record<string, string[]> = {}): AllowedChanges => ({
  cells: new Map(Object.entries(cells).map(([k, v]) => [k, new Set(v)])),
  ownedSheets: new Set(),
  insertOnly: new Set(["xl/workbook.xml"]),
  parts: new Set(),
});

test("an unchanged file passes; a changed staff cell, a lost row, a changed part or a rewritten workbook part do not", () => {
  const p = unzip(base);
  const ledger = sheetPart(p, "任务台账");
  expect(verifyPackage(base, zip(unzip(base)), allowed())).toEqual([]);

  const staff = unzip(base);
  put(
    staff,
    ledger,
    setCellXml(text(staff, ledger), "K5", '<c r="K5" t="inlineStr"><is><t>改了</t></is></c>'),
  );
  expect(verifyPackage(base, zip(staff), allowed({ [ledger]: [] })).map((d) => d.what)).toEqual([
    "单元格（第 5 行第 11 列）有变化",
  ]);
  // The same edit is fine where the tool may write (K5 = row 5, column 11).
  expect(verifyPackage(base, zip(staff), allowed({ [ledger]: ["5:11"] }))).toEqual([]);

  const lostRow = unzip(base);
  put(lostRow, ledger, text(lostRow, ledger).replace(/<row r="7"[^>]*>.*?<\/row>/, ""));
  expect(verifyPackage(base, zip(lostRow), allowed({ [ledger]: [] })).map((d) => d.what)).toContain(
    "第 7 行不见了",
  );

  const theme = unzip(base);
  put(theme, "xl/theme/theme1.xml", text(theme, "xl/theme/theme1.xml").replace("Office", "Offica"));
  expect(verifyPackage(base, zip(theme), allowed())).toEqual([
    { part: "xl/theme/theme1.xml", what: "内容有变化" },
  ]);

  const wb = unzip(base);
  put(
    wb,
    "xl/workbook.xml",
    text(wb, "xl/workbook.xml").replace(
      "<definedNames>",
      '<definedNames><definedName name="x">1</definedName>',
    ),
  );
  expect(verifyPackage(base, zip(wb), allowed())).toEqual([]); // an insertion
  put(wb, "xl/workbook.xml", text(wb, "xl/workbook.xml").replace('name="说明"', 'name="说明2"'));
  expect(verifyPackage(base, zip(wb), allowed())).toEqual([{ part: "xl/workbook.xml", what: "内容有变化" }]);

  const gone = unzip(base);
  delete gone["xl/theme/theme1.xml"];
  expect(verifyPackage(base, zip(gone), allowed())).toEqual([
    { part: "xl/theme/theme1.xml", what: "部件丢失" },
  ]);
});

test("a sheet whose cells or rows the write put out of order is refused; one that came in out of order is not made an error", () => {
  const p = unzip(base);
  const ledger = sheetPart(p, "任务台账");
  const swapFirstTwoCells = (xml: string, r: number) =>
    xml.replace(
      new RegExp(`(<row r="${r}"[^>]*>)(<c [^>]*?(?:/>|>.*?</c>))(<c [^>]*?(?:/>|>.*?</c>))`),
      "$1$3$2",
    );
  // Every cell keeps its exact XML: only the order is wrong.
  const cellsSwapped = unzip(base);
  put(cellsSwapped, ledger, swapFirstTwoCells(text(cellsSwapped, ledger), 5));
  expect(verifyPackage(base, zip(cellsSwapped), allowed({ [ledger]: [] })).map((d) => d.what)).toEqual([
    "第 5 行的位置或其中单元格的列顺序不对（Excel 会认为文件已损坏）",
  ]);
  const rowsSwapped = unzip(base);
  put(
    rowsSwapped,
    ledger,
    text(rowsSwapped, ledger).replace(/(<row r="5"[^>]*>.*?<\/row>)(<row r="6"[^>]*>.*?<\/row>)/, "$2$1"),
  );
  expect(verifyPackage(base, zip(rowsSwapped), allowed({ [ledger]: [] })).map((d) => d.what)).toEqual([
    "第 5 行的位置或其中单元格的列顺序不对（Excel 会认为文件已损坏）",
  ]);
  // Already out of order in the file given: the same disorder is not the write's doing.
  const given = zip(cellsSwapped);
  const edited = unzip(given);
  put(
    edited,
    ledger,
    setCellXml(text(edited, ledger), "K7", '<c r="K7" t="inlineStr"><is><t>写了</t></is></c>'),
  );
  expect(verifyPackage(given, zip(edited), allowed({ [ledger]: ["7:11"] }))).toEqual([]);
});
