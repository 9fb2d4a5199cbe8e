/**
 * The round's section on 仪表盘 in a ledger built before the section existed (no section, no names): `close`
 * adds it below everything on the sheet and marks it with its names; the next `close` rewrites
 * the same cells (no second section), also when the names were lost. Every other cell of the dashboard keeps its exact XML. The cached
 * sentence equals what `summary` prints.
 */
import * as fs from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";
import { put, sheetPart, text, unzip, zip, type Parts } from "../../support/staffXml";

const cellsOf = (xml: string) =>
  new Map(
    [...xml.matchAll(/<c r="([A-Z]+)(\d+)"[^>]*?(?:\/>|>.*?<\/c>)/g)].map((m) => [`${m[1]}${m[2]}`, m[0]]),
  );
const rowOf = (ref: string) => Number(/\d+/.exec(ref)![0]);

/** The built ledger as an older version wrote it: without the section's rows, cells and names. */
function asBeforeTheSection(p: Parts): void {
  const wbXml = text(p, "xl/workbook.xml");
  const top = Number(/PlanLedger_RoundSection">[^<]*\$(\d+)</.exec(wbXml)![1]);
  put(
    p,
    "xl/workbook.xml",
    wbXml.replace(/<definedName name="PlanLedger_(RoundSection|Changes)">[^<]*<\/definedName>/g, ""),
  );
  const part = sheetPart(p, "仪表盘");
  put(
    p,
    part,
    text(p, part)
      .replace(/<row r="(\d+)"[^>]*>.*?<\/row>/g, (row, r) => (Number(r) >= top ? "" : row))
      .replace(/<c r="[AB]8"[^>]*?(?:\/>|>.*?<\/c>)/g, ""),
  );
}

const namesOf = (p: Parts) =>
  Object.fromEntries(
    [
      ...text(p, "xl/workbook.xml").matchAll(
        /<definedName name="(PlanLedger_(?:RoundSection|Changes))">([^<]*)</g,
      ),
    ].map((m) => [m[1], m[2]]),
  );

test("close adds the section to a ledger built before it, then rewrites only its own cells", async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-round-section-"));
  const built = path.join(dir, "built.xlsx");
  expect((await runCli(["build", "-o", built, "--as-of", "2022-08-31"])).code).toBe(0);
  const old = unzip(fs.readFileSync(built));
  asBeforeTheSection(old);
  const file = path.join(dir, "台账.xlsx");
  fs.writeFileSync(file, zip(old));
  const oldCells = cellsOf(text(old, sheetPart(old, "仪表盘")));
  const last = Math.max(...[...oldCells.keys()].map(rowOf));

  const c1 = await runCli(["close", file, "--in-place"]);
  expect([c1.code, c1.stderr]).toEqual([0, ""]);
  const first = unzip(fs.readFileSync(file));
  const names = namesOf(first);
  // The sentence three rows below the last row, the section two rows under it.
  expect(names.PlanLedger_Changes).toBe(`'仪表盘'!$B$${last + 3}`);
  expect(names.PlanLedger_RoundSection).toBe(`'仪表盘'!$A$${last + 5}`);
  const afterFirst = cellsOf(text(first, sheetPart(first, "仪表盘")));
  for (const [ref, xml] of oldCells) expect([ref, afterFirst.get(ref)]).toEqual([ref, xml]);
  expect([...afterFirst.keys()].filter((r) => !oldCells.has(r)).every((r) => rowOf(r) > last)).toBe(true);
  // One period recorded: the trend's first row names it; no earlier period, so the placeholder sentence.
  const trendRow = last + 7;
  expect(afterFirst.get(`A${trendRow}`)).toContain("<v>2022-08-31</v>");
  expect(afterFirst.get(`B${last + 3}`)).toContain("尚无上一期记录");

  // September: the date moves on, a second close. The names are lost meanwhile (as when a program rewrites
  // the sheet): the section is found by its own title and label cells, not added a second time.
  expect((await runCli(["update", file, "--as-of", "2022-09-30", "--in-place"])).code).toBe(0);
  const dated = unzip(fs.readFileSync(file));
  put(
    dated,
    "xl/workbook.xml",
    text(dated, "xl/workbook.xml").replace(
      /<definedName name="PlanLedger_(RoundSection|Changes)">[^<]*<\/definedName>/g,
      "",
    ),
  );
  fs.writeFileSync(file, zip(dated));
  expect(namesOf(unzip(fs.readFileSync(file)))).toEqual({});
  const c2 = await runCli(["close", file, "--in-place"]);
  expect([c2.code, c2.stderr]).toEqual([0, ""]);
  const second = unzip(fs.readFileSync(file));
  expect(namesOf(second)).toEqual(names);
  const afterSecond = cellsOf(text(second, sheetPart(second, "仪表盘")));
  expect(new Set(afterSecond.keys())).toEqual(new Set(afterFirst.keys()));
  expect(afterSecond.get(`A${trendRow + 1}`)).toContain("<v>2022-09-30</v>");
  const summary = await runCli(["summary", file]);
  const sentence = /与上期相比 Since the last period:\n(.+)/.exec(summary.stdout)![1];
  expect(sentence).toMatch(/^与上期（2022-08-31）相比，本期新完成0项、新增逾期\d+项，/);
  expect(afterSecond.get(`B${last + 3}`)).toContain(`<v>${sentence}</v>`);
}, 120_000);
