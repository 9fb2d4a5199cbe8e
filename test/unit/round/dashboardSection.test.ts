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

/** The built ledger as an older version wrote it: without the section's rows, cells, names and trend chart. */
function asBeforeTheSection(p: Parts): void {
  const trendChart = Object.keys(p).find(
    (n) => /^xl\/charts\/chart\d+\.xml$/.test(n) && text(p, n).includes("$AO$"),
  )!;
  const drawingRels = "xl/drawings/_rels/drawing1.xml.rels";
  const rel = new RegExp(`<Relationship Id="(\\w+)"[^>]*Target="../charts/${path.basename(trendChart)}"/>`);
  const id = rel.exec(text(p, drawingRels))![1];
  put(p, drawingRels, text(p, drawingRels).replace(rel, ""));
  put(
    p,
    "xl/drawings/drawing1.xml",
    text(p, "xl/drawings/drawing1.xml").replace(
      new RegExp(
        `<xdr:twoCellAnchor>(?:(?!</xdr:twoCellAnchor>).)*r:id="${id}"(?:(?!</xdr:twoCellAnchor>).)*</xdr:twoCellAnchor>`,
      ),
      "",
    ),
  );
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

/** Rows of a worksheet out of row order, or holding cells out of column order (Excel repairs such a sheet). */
function disorderedRows(xml: string): string[] {
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const bad: string[] = [];
  let lastRow = 0;
  for (const m of xml.matchAll(/<row r="(\d+)"[^>]*?(?:\/>|>(.*?)<\/row>)/g)) {
    const cols = [...(m[2] ?? "").matchAll(/<c r="([A-Z]+)\d+"/g)].map((c) => col(c[1]));
    if (Number(m[1]) <= lastRow || cols.some((c, i) => i > 0 && c <= cols[i - 1])) bad.push(m[1]);
    lastRow = Number(m[1]);
  }
  return bad;
}

const dashboardOf = (file: string) => {
  const p = unzip(fs.readFileSync(file));
  return text(p, sheetPart(p, "仪表盘"));
};

test("collect then close, and close then collect, keep every row of 仪表盘 in column order; a file left out of order is put back", async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-round-order-"));
  const at = (f: string) => path.join(dir, f);
  expect((await runCli(["build", "-o", at("L.xlsx"), "--as-of", "2022-08-31"])).code).toBe(0);
  expect((await runCli(["split", at("L.xlsx"), "-o", at("copies")])).code).toBe(0);
  const copy = (unit: string) => at(`copies/${unit}.xlsx`);
  const run = async (args: string[]) => {
    const r = await runCli(args);
    expect([args[0], r.code, r.stderr]).toEqual([args[0], 0, ""]);
  };
  // Collect first (the 未报送 helpers in rows the trend then fills), then close; and the other way round.
  await run(["collect", at("L.xlsx"), copy("税务局"), "-o", at("C.xlsx")]);
  await run(["close", at("C.xlsx"), "-o", at("CK.xlsx")]);
  await run(["close", at("L.xlsx"), "-o", at("K.xlsx")]);
  // The round's period is closed by now: the return is late, said so (exit 1), and still taken.
  const late = await runCli(["collect", at("K.xlsx"), copy("税务局"), "-o", at("KC.xlsx")]);
  expect([late.code, late.stderr]).toEqual([1, ""]);
  expect(late.stdout).toContain("2022-08-31 期已经结束");
  for (const f of ["C.xlsx", "CK.xlsx", "K.xlsx", "KC.xlsx"])
    expect([f, disorderedRows(dashboardOf(at(f)))]).toEqual([f, []]);
  const section = Number(
    /PlanLedger_RoundSection">[^<]*\$(\d+)</.exec(
      text(unzip(fs.readFileSync(at("CK.xlsx"))), "xl/workbook.xml"),
    )![1],
  );
  const trendRow = dashboardOf(at("CK.xlsx")).match(new RegExp(`<row r="${section + 2}"[^>]*>.*?</row>`))![0];
  expect(trendRow).toMatch(/r="AB\d+".*r="AF\d+".*r="AI\d+".*r="AJ\d+".*r="AM\d+"/);

  // A ledger an earlier version left out of order (every cell intact, the section's rows reversed in
  // place): the next write puts those rows in order and keeps each cell's XML.
  const p = unzip(fs.readFileSync(at("CK.xlsx")));
  const part = sheetPart(p, "仪表盘");
  const reversed = text(p, part).replace(
    /(<row r="(\d+)"[^>]*>)(.*?)(<\/row>)/g,
    (row, open, r, body, close) =>
      Number(r) >= section
        ? open +
          [...body.matchAll(/<c [^>]*?(?:\/>|>.*?<\/c>)/g)]
            .map((c) => c[0])
            .reverse()
            .join("") +
          close
        : row,
  );
  put(p, part, reversed);
  fs.writeFileSync(at("bad.xlsx"), zip(p));
  expect(disorderedRows(reversed).length).toBeGreaterThan(10);
  const staffCells = [...cellsOf(reversed)].filter(([ref]) => rowOf(ref) < section);
  await run(["close", at("bad.xlsx"), "--as-of", "2022-09-30", "-o", at("fixed.xlsx")]);
  const fixed = dashboardOf(at("fixed.xlsx"));
  expect(disorderedRows(fixed)).toEqual([]);
  const after = cellsOf(fixed);
  for (const [ref, xml] of staffCells) expect([ref, after.get(ref)]).toEqual([ref, xml]);
}, 180_000);

const colNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** Text typed into a cell as Excel saves it: the cell replaced, or put in its row in column order. */
const typeInto = (xml: string, ref: string, typed: string) =>
  putCell(xml, ref, `<c r="${ref}" t="inlineStr"><is><t>${typed}</t></is></c>`);

/** A formula typed into a cell (as Excel saves it, with its last result). */
const formulaInto = (xml: string, ref: string, f: string) =>
  putCell(xml, ref, `<c r="${ref}"><f>${f.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</f><v>0</v></c>`);

function putCell(xml: string, ref: string, cell: string): string {
  const [, letters, r] = /^([A-Z]+)(\d+)$/.exec(ref)!;
  const existing = new RegExp(`<c r="${ref}"(?:[^>]*?/>|[^>]*>.*?</c>)`).exec(xml);
  if (existing) return xml.replace(existing[0], cell);
  if (!new RegExp(`<row r="${r}"`).test(xml)) {
    const next = [...xml.matchAll(/<row r="(\d+)"/g)].find((m) => Number(m[1]) > Number(r));
    const row = `<row r="${r}">${cell}</row>`;
    return next
      ? xml.slice(0, next.index) + row + xml.slice(next.index)
      : xml.replace("</sheetData>", `${row}</sheetData>`);
  }
  return xml.replace(new RegExp(`(<row r="${r}"[^>]*>)(.*?)(</row>)`), (_, open, body: string, close) => {
    const cells = [...body.matchAll(/<c r="([A-Z]+)\d+"(?:[^>]*?\/>|[^>]*>.*?<\/c>)/g)];
    const after = cells.findIndex((c) => colNumber(c[1]) > colNumber(letters));
    const list = cells.map((c) => c[0]);
    list.splice(after < 0 ? list.length : after, 0, cell);
    return open + list.join("") + close;
  });
}

/** A row inserted above row `at` as Excel does it: every row from there on moves down one (formulas kept). */
function insertRowAt(xml: string, at: number): string {
  const down = (r: string) => String(Number(r) >= at ? Number(r) + 1 : Number(r));
  return xml
    .replace(/<row r="(\d+)"/g, (_, r) => `<row r="${down(r)}"`)
    .replace(/<c r="([A-Z]+)(\d+)"/g, (_, c, r) => `<c r="${c}${down(r)}"`);
}

/**
 * A seed ledger (L), after one collect (C) and after that round's close (K), where the round section's first
 * trend row is `first`; `edited` edits 仪表盘's XML of one into a new file; `refused` runs a command that must
 * stop with exit 2, say `says`, and leave the file's bytes as they were.
 */
async function sectionLedgers(prefix: string) {
  const dir = fs.mkdtempSync(path.join(tmpdir(), prefix));
  const at = (f: string) => path.join(dir, f);
  expect((await runCli(["build", "-o", at("L.xlsx"), "--as-of", "2022-08-31"])).code).toBe(0);
  expect((await runCli(["split", at("L.xlsx"), "-o", at("copies")])).code).toBe(0);
  expect((await runCli(["collect", at("L.xlsx"), at("copies/税务局.xlsx"), "-o", at("C.xlsx")])).code).toBe(
    0,
  );
  expect((await runCli(["close", at("C.xlsx"), "-o", at("K.xlsx")])).code).toBe(0);
  const top = Number(
    /PlanLedger_RoundSection">[^<]*\$(\d+)</.exec(
      text(unzip(fs.readFileSync(at("L.xlsx"))), "xl/workbook.xml"),
    )![1],
  );
  const first = top + 2;
  const edited = (from: string, to: string, edit: (xml: string) => string) => {
    const p = unzip(fs.readFileSync(at(from)));
    const part = sheetPart(p, "仪表盘");
    put(p, part, edit(text(p, part)));
    fs.writeFileSync(at(to), zip(p));
    return at(to);
  };
  const refused = async (args: string[], file: string, says: string[]) => {
    const bytes = fs.readFileSync(file);
    const r = await runCli([...args.slice(0, 1), file, ...args.slice(1), "--in-place"]);
    expect([args[0], r.code, r.stdout]).toEqual([args[0], 2, ""]);
    for (const s of says) expect(r.stderr).toContain(s);
    expect(r.stderr).toContain("没有写入任何文件");
    expect(Buffer.compare(fs.readFileSync(file), bytes)).toBe(0);
  };
  return { at, top, first, edited, refused };
}

test("close and collect never overwrite what staff put into the round section: typed text or an inserted row stops them, nothing written", async () => {
  const { at, first, edited, refused } = await sectionLedgers("pl-round-staff-");

  // Text typed into the section's empty-looking cells of a fresh ledger (trend rows, the list column, a
  // hidden helper), before the first close and before the first collect.
  const typed = edited("L.xlsx", "typed.xlsx", (x) =>
    typeInto(
      typeInto(typeInto(x, `B${first + 1}`, "员工B"), `U${first + 2}`, "手填单位"),
      `AM${first + 6}`,
      "员工AM",
    ),
  );
  await refused(["close"], typed, [`B${first + 1}（“员工B”）`, `AM${first + 6}（“员工AM”）`, "本轮统计区"]);
  await refused(["collect", at("copies/公安分局.xlsx")], typed, [`U${first + 2}（“手填单位”）`]);
  // The same after both have written their formulas there (text typed over a formula).
  const over = edited("K.xlsx", "over.xlsx", (x) => typeInto(x, `A${first}`, "手填趋势"));
  await refused(["close", "--as-of", "2022-09-30"], over, [`A${first}（“手填趋势”）`]);
  await refused(["collect", at("copies/公安分局.xlsx")], over, [`A${first}（“手填趋势”）`]);

  // A row inserted inside the section, with a note in it, or left empty.
  const noted = edited("K.xlsx", "noted.xlsx", (x) =>
    typeInto(insertRowAt(x, first + 1), `A${first + 1}`, "插入的说明行"),
  );
  await refused(["close", "--as-of", "2022-09-30"], noted, [`A${first + 1}（“插入的说明行”）`]);
  const empty = edited("K.xlsx", "empty.xlsx", (x) => insertRowAt(x, first + 4));
  await refused(["close", "--as-of", "2022-09-30"], empty, ["插入或删除了行", `第 ${first + 4} 行附近`]);
  await refused(["collect", at("copies/公安分局.xlsx")], empty, ["插入或删除了行"]);
  // The same in the 未报送 list after a collect only (no trend written yet).
  const inList = edited("C.xlsx", "inList.xlsx", (x) => insertRowAt(x, first + 5));
  await refused(["collect", at("copies/公安分局.xlsx")], inList, [
    "插入或删除了行",
    `第 ${first + 5} 行附近`,
  ]);
  await refused(["close"], inList, ["插入或删除了行"]);
  // A deleted row moves the tool's rows up: the same.
  const deleted = edited("K.xlsx", "deleted.xlsx", (x) =>
    x
      .replace(new RegExp(`<row r="${first + 4}"[^>]*>.*?</row>`), "")
      .replace(/<row r="(\d+)"/g, (m, r) => (Number(r) > first + 4 ? `<row r="${Number(r) - 1}"` : m))
      .replace(/<c r="([A-Z]+)(\d+)"/g, (m, c, r) =>
        Number(r) > first + 4 ? `<c r="${c}${Number(r) - 1}"` : m,
      ),
  );
  await refused(["close", "--as-of", "2022-09-30"], deleted, ["插入或删除了行"]);

  // Notes beside the section (columns the tool does not write) and the tool's own cells cleared are fine.
  const beside = edited("K.xlsx", "beside.xlsx", (x) =>
    typeInto(typeInto(x, `F${first}`, "员工备注"), `V${first + 1}`, "已催报").replace(
      new RegExp(`<c r="B${first}"[^>]*?(?:/>|>.*?</c>)`),
      `<c r="B${first}"/>`,
    ),
  );
  const ok = await runCli(["close", beside, "--as-of", "2022-09-30", "--in-place"]);
  expect([ok.code, ok.stderr]).toEqual([0, ""]);
  const kept = cellsOf(dashboardOf(beside));
  expect(kept.get(`F${first}`)).toContain("员工备注");
  expect(kept.get(`V${first + 1}`)).toContain("已催报");
  expect(kept.get(`B${first}`)).toContain("<f>");
  expect(disorderedRows(dashboardOf(beside))).toEqual([]);
}, 180_000);

test("a late return of an older round, collected after a newer round, is said so and the 未报送 panel stays on the newer round", async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-round-late-"));
  const at = (f: string) => path.join(dir, f);
  expect((await runCli(["build", "-o", at("L.xlsx"), "--as-of", "2022-08-31"])).code).toBe(0);
  expect((await runCli(["split", at("L.xlsx"), "-o", at("aug")])).code).toBe(0);
  expect((await runCli(["split", at("L.xlsx"), "--as-of", "2022-09-30", "-o", at("sep")])).code).toBe(0);
  const aug = await runCli(["collect", at("L.xlsx"), at("aug/税务局.xlsx"), "-o", at("A.xlsx")]);
  expect(aug.code).toBe(0);
  const sep = await runCli(["collect", at("A.xlsx"), at("sep/公安分局.xlsx"), "-o", at("S.xlsx")]);
  expect([sep.code, sep.stdout]).not.toContain("迟交");
  const top = Number(
    /PlanLedger_RoundSection">[^<]*\$(\d+)</.exec(
      text(unzip(fs.readFileSync(at("S.xlsx"))), "xl/workbook.xml"),
    )![1],
  );
  const panel = (file: string) => cellsOf(dashboardOf(file)).get(`U${top}`)!;
  expect(panel(at("S.xlsx"))).toMatch(/未报送单位（2022-09-30 轮，\d+个）/);
  const missingInSeptember = /（2022-09-30 轮，(\d+)个）/.exec(panel(at("S.xlsx")))![1];

  // A late August copy, on its own, after September was collected.
  const late = await runCli(["collect", at("S.xlsx"), at("aug/农工办.xlsx"), "-o", at("late.xlsx")]);
  expect(late.code).toBe(1);
  expect(late.stdout).toContain(
    "这些报送表属于 2022-08-31 轮，而更新的 2022-09-30 轮已经收集过，是迟交的上一轮报送表",
  );
  expect(late.stdout).toContain("仍按 2022-09-30 轮显示");
  // The panel (its formula's cached result, the engine's figure) keeps the September round and count,
  // although the last rows of 来源记录 now name August.
  expect(panel(at("late.xlsx"))).toContain(`未报送单位（2022-09-30 轮，${missingInSeptember}个）`);
  const p = unzip(fs.readFileSync(at("late.xlsx")));
  const sources = text(p, sheetPart(p, "来源记录"));
  const lastRow = [...sources.matchAll(/<row [^>]*>.*?<\/row>/g)].pop()![0];
  expect(lastRow).toContain("2022-08-31");
}, 180_000);

test("a formula staff typed into the round section stops close and collect, named; the tool's own formulas, as any program saved them or an earlier version wrote them, do not", async () => {
  const { at, top, first, edited, refused } = await sectionLedgers("pl-round-formula-");

  // Over the tool's formulas (a trend cell, the 未报送 list, a hidden helper) after close and collect.
  const over = edited("K.xlsx", "over.xlsx", (x) =>
    formulaInto(
      formulaInto(formulaInto(x, `B${first}`, `C${first}*2`), `U${first + 1}`, `"催报："&V${first + 1}`),
      `AB${first + 3}`,
      "SUM(1,2)",
    ),
  );
  await refused(["close", "--as-of", "2022-09-30"], over, [
    `B${first}（公式“=C${first}*2”）`,
    `U${first + 1}（公式“="催报："&V${first + 1}”）`,
    `AB${first + 3}（公式“=SUM(1,2)”）`,
  ]);
  await refused(["collect", at("copies/公安分局.xlsx")], over, [`B${first}（公式“=C${first}*2”）`]);
  // Into the empty-looking cells of a fresh ledger, before any close or collect.
  const fresh = edited("L.xlsx", "fresh.xlsx", (x) => formulaInto(x, `C${first + 2}`, "TODAY()"));
  await refused(["close"], fresh, [`C${first + 2}（公式“=TODAY()”）`]);

  // The tool's own formulas written the way other programs save them (spaces, quoted names, case) and the
  // round formula an earlier version wrote are the tool's: rewritten, nothing refused.
  const sources = /'?来源记录'?!/;
  const resaved = edited("K.xlsx", "resaved.xlsx", (x) =>
    x
      .replace(/<row r="(\d+)"[^>]*>.*?<\/row>/g, (row, r) =>
        Number(r) >= top ? row.replace(/<f>IF\(/g, "<f>if( ") : row,
      )
      .replace(
        /(<c r="AK\d+"[^>]*><f>)[^<]*(<\/f>)/,
        (_, a, b) =>
          `${a}IF(COUNTA(来源记录!$A:$A)&lt;2,"",INDEX(来源记录!$D:$D,COUNTA(来源记录!$A:$A))&amp;"")${b}`,
      ),
  );
  expect(text(unzip(fs.readFileSync(resaved)), sheetPart(unzip(fs.readFileSync(resaved)), "仪表盘"))).toMatch(
    sources,
  );
  const ok = await runCli(["close", resaved, "--as-of", "2022-09-30", "--in-place"]);
  expect([ok.code, ok.stderr]).toEqual([0, ""]);
  expect(dashboardOf(resaved)).not.toContain("<f>if( ");
}, 180_000);

/** A row inserted above row `at` as Excel does it, charts included: their ranges move or grow with the rows. */
function insertRowWithCharts(p: Parts, at: number): void {
  const part = sheetPart(p, "仪表盘");
  put(p, part, insertRowAt(text(p, part), at));
  const down = (r: string) => String(Number(r) >= at ? Number(r) + 1 : Number(r));
  for (const name of Object.keys(p).filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n)))
    put(
      p,
      name,
      text(p, name).replace(
        /(<c:f>[^<]*?\$[A-Z]+\$)(\d+)(:\$[A-Z]+\$)(\d+)(<\/c:f>)/g,
        (_, a, r1, b, r2, c) => `${a}${down(r1)}${b}${down(r2)}${c}`,
      ),
    );
}

test("an empty row inserted into the trend before any close or collect stops both, nothing written; rows below the section do not", async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-round-early-"));
  const at = (f: string) => path.join(dir, f);
  expect((await runCli(["build", "-o", at("L.xlsx"), "--as-of", "2022-08-31"])).code).toBe(0);
  expect((await runCli(["split", at("L.xlsx"), "-o", at("copies")])).code).toBe(0);
  const top = Number(
    /PlanLedger_RoundSection">[^<]*\$(\d+)</.exec(
      text(unzip(fs.readFileSync(at("L.xlsx"))), "xl/workbook.xml"),
    )![1],
  );
  const first = top + 2;
  const inserted = (row: number, name: string) => {
    const p = unzip(fs.readFileSync(at("L.xlsx")));
    insertRowWithCharts(p, row);
    fs.writeFileSync(at(name), zip(p));
    return at(name);
  };
  for (const [row, name] of [
    [first + 4, "inTrend.xlsx"],
    [top + 1, "underTitle.xlsx"],
    [first, "atFirst.xlsx"],
  ] as const) {
    const file = inserted(row, name);
    const bytes = fs.readFileSync(file);
    for (const args of [["close"], ["collect", at("copies/税务局.xlsx")]]) {
      const r = await runCli([args[0], file, ...args.slice(1), "--in-place"]);
      expect([name, args[0], r.code, r.stdout]).toEqual([name, args[0], 2, ""]);
      expect(r.stderr).toContain("插入或删除了行");
      expect(r.stderr).toContain("没有写入任何文件");
      expect(Buffer.compare(fs.readFileSync(file), bytes)).toBe(0);
    }
  }
  // A row inserted below the whole section is staff's own business.
  const bottom = 140;
  const below = inserted(bottom, "below.xlsx");
  const ok = await runCli(["close", below, "--in-place"]);
  expect([ok.code, ok.stderr]).toEqual([0, ""]);
}, 180_000);
