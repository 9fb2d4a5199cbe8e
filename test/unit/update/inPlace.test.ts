/**
 * Update edits the file in place. Ledgers carrying what staff add in Excel (links, notes, merges,
 * filled-down formulas, their own sheets with formulas into the ledger and pictures, sheets named like
 * ours, macros) are updated with revisions that insert, delete and renumber tasks. Checked with other
 * tools than the tool's own reader: the zip library directly (parts byte for byte, cells' raw XML) and
 * the xlsx library for which task each row now holds.
 */
import fc from "fast-check";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../../src/render/xlsx/excelts";
import { parsePlan } from "../../../src/plan";
import { runCli } from "../../support/cli";
import { fillLedger } from "../../support/fill";
import { seedWorkbook } from "../../support/ledgerFile";
import { renumberedRevision } from "../../support/reviseRenumber";
import {
  addHyperlink,
  addMerge,
  addNote,
  addSharedFormula,
  addStaffSheet,
  makeMacroEnabled,
  put,
  setCellXml,
  sheetPart,
  text,
  unzip,
  zip,
  type Parts,
} from "../../support/staffXml";

let base: Uint8Array;
beforeAll(async () => {
  const wb = await seedWorkbook("2022-09-30");
  fillLedger(wb, 7);
  base = new Uint8Array(await wb.xlsx.writeBuffer());
});

const features = fc.record({
  link: fc.integer({ min: 1, max: 118 }),
  note: fc.integer({ min: 1, max: 118 }),
  merge: fc.option(fc.integer({ min: 1, max: 117 }), { nil: undefined }),
  shared: fc.boolean(),
  staffSheet: fc.boolean(),
  picture: fc.boolean(),
  namedLikeOurs: fc.boolean(),
  xlsm: fc.boolean(),
});
type Features = typeof features extends fc.Arbitrary<infer T> ? T : never;

function staffLedger(f: Features): Parts {
  const p = unzip(base);
  addHyperlink(p, "任务台账", `M${f.link + 1}`, "file:///D:/台账材料/会议纪要1.pdf");
  addNote(p, "任务台账", `K${f.note + 1}`, "请于周五前补充佐证材料");
  if (f.merge) addMerge(p, "任务台账", `O${f.merge + 1}:O${f.merge + 2}`);
  if (f.shared) {
    const part = sheetPart(p, "任务台账");
    put(p, part, setCellXml(text(p, part), "P1", '<c r="P1" t="inlineStr"><is><t>核对</t></is></c>'));
    addSharedFormula(p, "任务台账", "P", 2, 40, 'J2&amp;"/"&amp;A2');
  }
  if (f.staffSheet)
    addStaffSheet(
      p,
      "我的统计",
      ["任务台账!J7", "任务台账!K8&amp;任务台账!A8", "COUNTA(任务台账!A:A)"],
      f.picture,
    );
  if (f.namedLikeOurs) {
    addStaffSheet(p, "变更记录", ['"科室自己的变更记录"'], false);
    addStaffSheet(p, "已移除任务", ['"科室自己的表"'], false);
  }
  if (f.xlsm) makeMacroEnabled(p);
  return p;
}

/** Every cell's raw XML by address. */
function cellsOf(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"(?:[^>]*?\/>|[^>]*?>.*?<\/c>)/g)) out.set(m[1], m[0]);
  return out;
}
const between = (xml: string, tag: string) => new RegExp(`<${tag}[ >].*?</${tag}>`).exec(xml)?.[0] ?? "";

async function update(p: Parts, planText: string, ext: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-inplace-"));
  const file = path.join(dir, `台账.${ext}`);
  writeFileSync(file, zip(p));
  const planFile = path.join(dir, "plan.txt");
  writeFileSync(planFile, planText);
  const out = path.join(dir, `out.${ext}`);
  const r = await runCli(["update", file, "--plan", planFile, "-o", out, "--yes"]);
  return { r, before: unzip(readFileSync(file)), after: r.code === 0 ? unzip(readFileSync(out)) : null, out };
}

test("non-owned parts are byte-identical, staff cells keep their XML, every entry stays with its task", async () => {
  await fc.assert(
    fc.asyncProperty(features, fc.integer({ min: 1, max: 100_000 }), async (f, seed) => {
      const rev = renumberedRevision(seed);
      const { r, before, after, out } = await update(staffLedger(f), rev.text, f.xlsm ? "xlsm" : "xlsx");
      expect([r.code, r.stderr]).toEqual([0, ""]);
      const ledgerPart = sheetPart(before, "任务台账");
      const owned = new Set([
        ledgerPart,
        sheetPart(before, "时间节点"),
        sheetPart(before, "计划原文"),
        "xl/tables/table1.xml",
        "xl/tables/table2.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        "xl/styles.xml",
      ]);
      for (const name of Object.keys(before)) {
        expect(after![name]).toBeDefined();
        if (!owned.has(name))
          expect([name, Buffer.from(after![name]).equals(Buffer.from(before[name]))]).toEqual([name, true]);
      }
      if (f.xlsm) expect(text(after!, "[Content_Types].xml")).toContain("macroEnabled.main+xml");

      // Staff columns of the ledger (J..P), the links and merges: the same XML.
      const b = text(before, ledgerPart);
      const a = text(after!, ledgerPart);
      const cb = cellsOf(b);
      const ca = cellsOf(a);
      for (const [ref, xml] of cb) if (/^[J-P]\d+$/.test(ref)) expect([ref, ca.get(ref)]).toEqual([ref, xml]);
      expect(between(b, "hyperlinks")).toContain("<hyperlink ");
      for (const tag of ["hyperlinks", "mergeCells"]) expect(between(a, tag)).toBe(between(b, tag));

      // Which task each row now holds, read with the xlsx library.
      const wb = new Workbook();
      await wb.xlsx.load(readFileSync(out) as never);
      const ws = wb.getWorksheet("任务台账")!;
      const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
      const statusCol = header.indexOf("计划状态");
      const plan = parsePlan(rev.text);
      const title = new Map(plan.tasks.map((t) => [t.id, t.title]));
      for (let old = 1; old <= 118; old++) {
        const cell = (c: number) => ws.getCell(old + 1, c).value;
        if (rev.removed.includes(old)) {
          expect([old, String(cell(statusCol))]).toEqual([old, "已移除"]);
          continue;
        }
        const now = rev.moved.get(old)!;
        expect([old, Number(cell(1)), String(cell(3))]).toEqual([old, now, title.get(now)]);
      }
      const appended: number[] = [];
      for (let r2 = 120; r2 <= ws.rowCount; r2++)
        if (ws.getRow(r2).getCell(1).value) appended.push(Number(ws.getRow(r2).getCell(1).value));
      expect(appended).toEqual(rev.added);
    }),
    { numRuns: 10 },
  );
});
