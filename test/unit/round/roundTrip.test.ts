/**
 * The seed's monthly round end to end through the command line: split, every copy filled (generated
 * entries, conflicts with the master and between copies, invalid rows, a stranger's row, renamed, sorted
 * and widened copies, one unit silent), collect. Checked against what the generator decided on its own:
 * every non-conflicting entry arrives, every conflict is listed and left, nothing else in the package
 * changes (raw XML of every other cell, every other part byte for byte).
 */
import { createHash } from "crypto";
import * as fs from "fs";
import { tmpdir } from "os";
import path from "path";
import { readLedger } from "../../../src/render/xlsx/readXlsx";
import { entryOf, rowEntries } from "../../../src/ledger/round";
import type { LedgerSnapshot } from "../../../src/ledger/snapshot";
import { runCli } from "../../support/cli";
import { makeRound, type RoundFixture } from "../../support/roundReturns";
import { sheetPart, text, unzip } from "../../support/staffXml";

const sha = (f: string) => createHash("sha256").update(fs.readFileSync(f)).digest("hex");
const now = new Date("2022-10-08T09:30:00+08:00");

let fx: RoundFixture;
let before: LedgerSnapshot;
beforeAll(async () => {
  fx = await makeRound(fs.mkdtempSync(path.join(tmpdir(), "pl-round-")));
  before = await readLedger(fs.readFileSync(fx.master));
}, 120_000);

const cellsOf = (s: LedgerSnapshot) => {
  const m = new Map<string, { text: string; address: string; sheet: string }>();
  for (const r of [...rowEntries(s.ledger, "task"), ...rowEntries(s.milestones, "milestone")])
    for (const [c, v] of Object.entries(r.values))
      m.set(`${r.key}|${c}`, { text: v.text, address: r.address[c], sheet: r.sheet });
  return m;
};

test("a dry run lists everything and writes nothing", async () => {
  const hash = sha(fx.master);
  const r = await runCli(["collect", fx.master, ...fx.returns, "--dry-run"], now);
  expect(r.stdout).toContain("试运行（未写入任何文件）");
  expect(r.stdout).toContain(`采用 Taken: ${fx.taken.size} 项`);
  expect(sha(fx.master)).toBe(hash);
  expect(fs.readdirSync(fx.dir).filter((f) => f.includes("已收集"))).toEqual([]);
});

test("collect takes every non-conflicting entry, lists every conflict, and changes nothing else", async () => {
  const out = path.join(fx.dir, "汇总.xlsx");
  const r = await runCli(["collect", fx.master, ...fx.returns, "-o", out], now);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(1); // conflicts and rejected rows need the office's attention
  expect(r.stdout).toContain(`已写入 Written: ${out}`);
  expect(fx.taken.size).toBeGreaterThan(50);
  expect(fx.conflicts.size).toBeGreaterThan(0);

  // Every staff cell: the entry taken where the generator says so, else what the master had.
  const was = cellsOf(before);
  const now_ = cellsOf(await readLedger(fs.readFileSync(out)));
  for (const [cell, v] of was) {
    const expected = fx.taken.get(cell) ?? v.text;
    expect([cell, now_.get(cell)?.text]).toEqual([cell, expected]);
  }
  for (const [cell, value] of fx.masterKeeps) expect(now_.get(cell)?.text).toBe(value);

  // Every conflict listed (task, column), and as many as there are.
  expect(r.stdout).toContain(`冲突 Conflicts: ${fx.conflicts.size} 项`);
  for (const cell of fx.conflicts) {
    const [key, column] = cell.split("|");
    expect(r.stdout).toMatch(new RegExp(`^  ${key}《[^》]*》${column}：`, "m"));
  }
  for (const i of fx.ignored) expect(r.stdout).toContain(`${i.file}`);
  for (const i of fx.ignored) expect(r.stdout).toMatch(new RegExp(`${i.key}：不是分发给该单位的行`));
  for (const k of fx.rejected) expect(r.stdout).toContain(k.split("|")[0]);
  expect(r.stdout).toMatch(
    new RegExp(`未报送 Not reported: ${fx.missingUnits.length} 个单位：${fx.missingUnits[0]}`),
  );

  // The package: only the cells taken changed in the two sheets; other parts byte for byte; 来源记录 added.
  const a = unzip(fs.readFileSync(fx.master));
  const b = unzip(fs.readFileSync(out));
  const ledgerPart = sheetPart(a, "任务台账");
  const msPart = sheetPart(a, "时间节点");
  const changed = new Map<string, Set<string>>([
    [ledgerPart, new Set()],
    [msPart, new Set()],
  ]);
  for (const cell of fx.taken.keys()) {
    const w = was.get(cell)!;
    changed.get(w.sheet === "任务台账" ? ledgerPart : msPart)!.add(w.address);
  }
  const cellXml = (xml: string) =>
    new Map([...xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g)].map((m) => [m[1], m[0]]));
  const dashPart = sheetPart(a, "仪表盘");
  const sectionRow = Number(/PlanLedger_RoundSection">[^<]*\$(\d+)</.exec(text(a, "xl/workbook.xml"))![1]);
  for (const name of Object.keys(a)) {
    expect(b[name]).toBeDefined();
    if (changed.has(name)) {
      const x = cellXml(text(a, name));
      const y = cellXml(text(b, name));
      for (const [ref, xml] of x)
        if (!changed.get(name)!.has(ref)) expect([ref, y.get(ref)]).toEqual([ref, xml]);
      expect(text(b, name).replace(/<sheetData>[\s\S]*<\/sheetData>/, "")).toBe(
        text(a, name).replace(/<sheetData>[\s\S]*<\/sheetData>/, ""),
      );
      continue;
    }
    if (["xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"].includes(name)) continue;
    if (name === dashPart) {
      // Only the tool's round section (from its named row) and the changes sentence (B8) are rewritten.
      const x = cellXml(text(a, name));
      const y = cellXml(text(b, name));
      for (const ref of new Set([...x.keys(), ...y.keys()]))
        if (ref !== "B8" && Number(/\d+/.exec(ref)![0]) < sectionRow)
          expect([ref, y.get(ref)]).toEqual([ref, x.get(ref)]);
      continue;
    }
    expect([name, Buffer.from(b[name]).equals(Buffer.from(a[name]))]).toEqual([name, true]);
  }
  // The dashboard's 未报送 (cached by collect; LibreOffice recomputes it in e2e) names the missing units.
  const dash = cellXml(text(b, dashPart));
  const listed = Array.from({ length: 30 }, (_, k) => dash.get(`U${sectionRow + 2 + k}`) ?? "")
    .map((xml) => /<v>([^<]*)<\/v>/.exec(xml)?.[1] ?? "")
    .filter((v) => v && !v.startsWith("（"));
  expect(listed.sort()).toEqual([...fx.missingUnits].sort());
  const sources = text(b, sheetPart(b, "来源记录"));
  expect((sources.match(/>采用</g) ?? []).length).toBeGreaterThanOrEqual(fx.taken.size);
  expect(sources).toContain(path.basename(fx.returns[0]));
  expect(text(b, "xl/workbook.xml")).toContain("PlanLedger_Sources");

  // A second collect of the same returns into the result takes nothing new and appends to 来源记录.
  const again = path.join(fx.dir, "汇总2.xlsx");
  const r2 = await runCli(["collect", out, ...fx.returns, "-o", again], now);
  expect(r2.stdout).toContain("采用 Taken: 0 项");
  expect(r2.stdout).toContain(`冲突 Conflicts: ${fx.conflicts.size} 项`);
  const sources2 = text(unzip(fs.readFileSync(again)), sheetPart(unzip(fs.readFileSync(again)), "来源记录"));
  expect(sources2.startsWith(sources.slice(0, sources.indexOf("</sheetData>")))).toBe(true);
}, 120_000);

test("a file that is not a copy, a copy of another ledger and the master itself are refused, not merged", async () => {
  const other = path.join(fx.dir, "另一份.xlsx");
  await runCli(["build", "-o", other, "--as-of", "2022-09-30"]);
  const r = await runCli(["collect", fx.master, other, fx.master, fx.returns[0], "--dry-run"], now);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("另一份.xlsx：不是台账助手分发的报送表");
  expect(r.stdout).toContain("这是总台账本身");
  expect(r.stdout).toContain("收到 1 份报送表");
});

test("split refuses to overwrite copies already in the folder; entries keep their text", async () => {
  const r = await runCli(["split", fx.master, "-o", path.join(fx.dir, "分发")]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("已有同名文件，没有覆盖");
  expect(entryOf({ address: "A1", value: "a\r\nb", text: "", numFmt: "General" }).text).toBe("a\nb");
});

test("a copy: sheets protected without a password, only staff columns unlocked, the round marker hidden", async () => {
  const out = path.join(fx.dir, "分发");
  const copy = fs.readdirSync(out).sort()[0];
  const { Workbook } = await import("../../../src/render/xlsx/excelts");
  const wb = new Workbook();
  await wb.xlsx.load(fs.readFileSync(path.join(out, copy)) as never);
  const ws = wb.getWorksheet("任务台账")!;
  const p = unzip(fs.readFileSync(path.join(out, copy)));
  const xml = text(p, sheetPart(p, "任务台账"));
  expect(xml).toMatch(/<sheetProtection sheet="1"/);
  expect(xml).not.toMatch(/<sheetProtection[^>]*(password|hashValue)/);
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  for (let c = 1; c <= headers.length; c++) {
    const locked =
      (ws.getCell(2, c).style as { protection?: { locked?: boolean } }).protection?.locked !== false;
    expect([headers[c - 1], locked]).toEqual([
      headers[c - 1],
      !["状态", "进展情况", "完成日期", "佐证材料", "备注"].includes(headers[c - 1]),
    ]);
  }
  expect(wb.getWorksheet("报送信息")!.state).toBe("hidden");
  expect(wb.getWorksheet("填报说明")).toBeDefined();
});

test("--in-place keeps a .bak and writes the master itself", async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-round-inplace-"));
  const master = path.join(dir, "台账.xlsx");
  fs.copyFileSync(fx.master, master);
  const hash = sha(master);
  const r = await runCli(["collect", master, ...fx.returns, "--in-place"], now);
  expect(r.stdout).toContain("已更新 Updated in place");
  expect(sha(`${master}.bak`)).toBe(hash);
  expect(sha(master)).not.toBe(hash);
  const taken = cellsOf(await readLedger(fs.readFileSync(master)));
  for (const [cell, value] of fx.taken) expect(taken.get(cell)?.text).toBe(value);
});
