/**
 * 每月报送 in the pane, end to end in headless Chromium at 350 px (the pane's width in Excel), Chinese first.
 * The ledger is generated in the browser preview from the bundled plan; the units' returns are made by the
 * compiled command line's `split` from a ledger of the same plan, then filled as staff fill them: two leads
 * of one task report different notes (a conflict), a task done without its date (rejected), a row pasted from
 * another unit (ignored), renamed files, one re-saved by LibreOffice. 导入反馈表 checks them (nothing written),
 * the conflict is decided in the pane, and the entries are written; 分发 gives a .zip whose copies `collect`
 * and the pane accept.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "fs";
import { unzipSync } from "fflate";
import { tmpdir } from "os";
import path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import { unitFileNames } from "../../src/ledger/round";
import { readReturnedCopy } from "../../src/render/xlsx/collectReturns";
import { Workbook } from "../../src/render/xlsx/excelts";
import { stringsFor } from "../../src/taskpane/i18n";
import { seedPlan } from "../support/ledgerFile";
import { ROOT } from "../support/files";
import { headersOf, rowsById } from "../support/roundReturns";
import { cliEntry, requireEngine } from "./engines";
import { resaveXlsx } from "./libreoffice";
import { serveAddin } from "./staticServer";

const SHOTS = path.join(ROOT, "test-output");
const t = stringsFor("zh-CN");
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [cliEntry(), ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let p: Page;
let dir: string;
let masterId: string;
let returns: string[];
/** The task two units lead, and what each reports for it. */
let shared: { id: number; a: string; b: string };
let leadCount: number;

async function fill(file: string, out: string, edit: (wb: Workbook) => void) {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(file) as never);
  edit(wb);
  writeFileSync(out, new Uint8Array(await wb.xlsx.writeBuffer()));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pl-e2e-pane-round-"));
  const master = path.join(dir, "台账.xlsx");
  expect(cli(["build", "-o", master, "--as-of", "2022-09-30"]).code).toBe(0);
  const sent = path.join(dir, "分发");
  expect(cli(["split", master, "-o", sent]).code).toBe(0);
  const task = seedPlan.tasks.find((x) => x.leadUnits.length >= 2)!;
  const [unitA, unitB] = task.leadUnits;
  leadCount = new Set(seedPlan.tasks.flatMap((x) => x.leadUnits)).size;
  const names = unitFileNames([unitA, unitB]);
  const fileA = path.join(sent, names.get(unitA)!);
  masterId = readReturnedCopy(readFileSync(fileA)).marker.masterId;
  shared = { id: task.id, a: `${unitA}：已召开推进会`, b: `${unitB}：已完成方案起草` };

  const backA = path.join(dir, "回复-甲.xlsx");
  await fill(fileA, backA, (wb) => {
    const ws = wb.getWorksheet("任务台账")!;
    const h = headersOf(ws);
    const rows = rowsById(ws, "序号");
    ws.getCell(rows.get(String(task.id))!, h.get("状态")!).value = "推进中";
    ws.getCell(rows.get(String(task.id))!, h.get("进展情况")!).value = shared.a;
    ws.getCell(rows.get(String(task.id))!, h.get("佐证材料")!).value = "甲：会议纪要.pdf";
    const others = [...rows.keys()].filter((id) => id !== String(task.id));
    // Done, with its date: taken.
    ws.getCell(rows.get(others[0])!, h.get("状态")!).value = "已完成";
    ws.getCell(rows.get(others[0])!, h.get("完成日期")!).value = new Date(Date.UTC(2022, 8, 15));
    // Done without a date: an error, the row is not taken.
    if (others[1]) ws.getCell(rows.get(others[1])!, h.get("状态")!).value = "已完成";
  });
  const filledB = path.join(dir, "乙-已填.xlsx");
  await fill(path.join(sent, names.get(unitB)!), filledB, (wb) => {
    const ws = wb.getWorksheet("任务台账")!;
    const h = headersOf(ws);
    const rows = rowsById(ws, "序号");
    ws.getCell(rows.get(String(task.id))!, h.get("状态")!).value = "推进中";
    ws.getCell(rows.get(String(task.id))!, h.get("进展情况")!).value = shared.b;
    ws.getCell(rows.get(String(task.id))!, h.get("佐证材料")!).value = "乙：方案初稿.docx";
    // Someone else's row pasted over the last row.
    const last = [...rows.keys()].filter((id) => id !== String(task.id)).pop()!;
    const stranger = seedPlan.tasks.find((x) => !x.leadUnits.includes(unitB))!.id;
    ws.getCell(rows.get(last)!, h.get("序号")!).value = stranger;
    ws.getCell(rows.get(last)!, h.get("进展情况")!).value = "别的单位的内容";
  });
  // Sent back as LibreOffice saves it, under another name.
  const lo = path.join(dir, "lo");
  mkdirSync(lo);
  const backB = path.join(dir, "乙单位 9月报送.xlsx");
  renameSync(resaveXlsx(filledB, lo), backB);
  returns = [backA, backB];

  server = await serveAddin();
  browser = await chromium.launch({
    executablePath: requireEngine("chromium"),
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  p = await browser.newPage({ viewport: { width: 350, height: 700 }, acceptDownloads: true });
  await p.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await p.goto(`${server.url}taskpane.html`);
  await p.waitForSelector("body[data-ready=preview]");
  await p.getByRole("button", { name: t.parse }).click();
  await p.getByTestId("parse-result").waitFor();
  await p.getByLabel(t.asOf).first().fill("2022-09-30");
  await p.getByRole("button", { name: t.generate, exact: true }).click();
  await p.getByText(/台账已生成（\d+ 个工作表）/).waitFor();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fits = async (view: string) => {
  const w = await p.evaluate(() => [
    document.scrollingElement!.scrollWidth,
    document.scrollingElement!.clientWidth,
  ]);
  expect([view, w[0] <= w[1]]).toEqual([view, true]);
};
const inView = async (view: string, text: string | RegExp) => {
  const el = p.getByText(text).first();
  await el.waitFor({ timeout: 60_000 });
  await p.waitForTimeout(250);
  const box = await el.boundingBox();
  const height = await p.evaluate(() => window.innerHeight);
  expect([view, box !== null && box.y >= 0 && box.y + box.height <= height]).toEqual([view, true]);
  await fits(view);
};

test("导入反馈表: check first, decide the conflict, write; only those entries change", async () => {
  await p.getByRole("tab", { name: t.tabRound, exact: true }).click();
  await fits("round tab");
  const scripts: string[] = [];
  p.on(
    "request",
    (r) => r.resourceType() === "script" && scripts.push(path.basename(new URL(r.url()).pathname)),
  );
  await p.getByLabel(t.pickReturns).setInputFiles(returns);
  await p.getByText(t.picked(2)).waitFor();
  await expect(p.getByTestId("picked").textContent()).resolves.toContain("乙单位 9月报送.xlsx");
  await p.getByRole("button", { name: t.check }).click();
  const report = p.getByTestId("collect-report");
  await report.waitFor({ timeout: 60_000 });
  expect(scripts.some((s) => s.startsWith("round-import"))).toBe(true);
  expect(scripts.some((s) => s.startsWith("round-split"))).toBe(false);
  await p.screenshot({ path: path.join(SHOTS, "round-1-checked.png"), fullPage: true });
  await fits("report");

  const text = (await p.getByTestId("collect-text").textContent())!;
  // The same report as the command line: taken, the conflict with each value, rejected, ignored, 未报送.
  expect(text).toContain("收到 2 份报送表");
  expect(text).toMatch(new RegExp(`任务 ${shared.id}《[^》]*》进展情况：两份报送表填得不同`));
  expect(text).toContain(`回复-甲.xlsx`);
  expect(text).toContain("乙单位 9月报送.xlsx");
  expect(text).toMatch(/错误：.*完成日期/);
  expect(text).toMatch(/不是分发给该单位的行/);
  expect(text).toContain(`未报送 Not reported: ${leadCount - 2} 个单位`);
  // 状态 reported alike by both leads is held with the rest of its row (a row is decided whole); the done
  // task of the first: taken.
  expect(text).toMatch(new RegExp(`任务 ${shared.id}《[^》]*》状态：同一行的其他列有冲突，整行一起决定`));
  expect(text).toMatch(/完成日期：（空） → “2022-09-15”/);

  // Nothing written yet: the preview has no 来源记录.
  await p.getByRole("tab", { name: t.tabPreview }).click();
  expect(await p.getByRole("tab", { name: "来源记录" }).count()).toBe(0);
  await p.getByRole("tab", { name: t.tabRound, exact: true }).click();

  // The conflicts one at a time (three: the note and the evidence both leads filled differently, and the
  // status of the same row, held with them), by keyboard.
  const step = p.getByTestId("conflict-step");
  expect(await p.getByRole("button", { name: /写入台账/ }).count()).toBe(0); // the summary comes first
  for (let i = 1; i <= 3; i++) {
    await expect(step.textContent()).resolves.toContain(t.conflictOf(i, 3));
    const facts = (await step.locator("dl").textContent())!;
    // Which task and column, from which files, each value.
    expect(facts).toContain(`任务 ${shared.id}《`);
    expect(facts).toContain("回复-甲.xlsx");
    expect(facts).toContain("乙单位 9月报送.xlsx");
    const note = facts.includes("进展情况");
    const status = !note && facts.includes("状态");
    expect(note || status || facts.includes("佐证材料")).toBe(true);
    const values = note
      ? [shared.a, shared.b]
      : status
        ? ["推进中"]
        : ["甲：会议纪要.pdf", "乙：方案初稿.docx"];
    for (const v of values) await expect(step.textContent()).resolves.toContain(v);
    await fits(`conflict ${i}`);
    await p.screenshot({ path: path.join(SHOTS, `round-1-conflict-${i}.png`), fullPage: true });
    // The note and the status: the second return's; the evidence: the ledger's. Space chooses, Tab and
    // Enter go on.
    const choice = note
      ? step.getByRole("radio", { name: new RegExp(`乙单位 9月报送\\.xlsx.*${shared.b}`) })
      : status
        ? step.getByRole("radio", { name: /乙单位 9月报送\.xlsx.*推进中/ })
        : step.getByRole("radio", { name: /^保留总台账/ });
    await choice.focus();
    await p.keyboard.press("Space");
    await expect(choice.isChecked()).resolves.toBe(true);
    await p.getByText(t.decidedCount(i, 3)).waitFor();
    await p.keyboard.press("Tab");
    if (i >= 2) await p.keyboard.press("Tab"); // past 上一项, enabled from the second on
    await expect(p.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      i < 3 ? t.next : t.toSummary,
    );
    await p.keyboard.press("Enter");
  }
  // The summary, focused, with every decision, before anything is written.
  const summary = p.getByTestId("conflict-summary");
  await summary.waitFor();
  await expect(p.evaluate(() => document.activeElement?.getAttribute("data-testid"))).resolves.toBe(
    "conflict-summary",
  );
  const decided = (await p.getByTestId("conflicts").textContent())!;
  expect(decided).toContain(t.conflictSummaryTitle(3, 3));
  expect(decided).toMatch(new RegExp(`任务 ${shared.id} 状态：采用 乙单位 9月报送\\.xlsx`));
  expect(decided).toMatch(new RegExp(`任务 ${shared.id} 进展情况：采用 乙单位 9月报送\\.xlsx`));
  expect(decided).toMatch(new RegExp(`任务 ${shared.id} 佐证材料：保留总台账`));
  await fits("conflict summary");
  // Back to one from the summary, and forward again: the decision is kept.
  await p.getByRole("button", { name: t.conflictChange(1) }).click();
  await expect(step.textContent()).resolves.toContain(t.conflictOf(1, 3));
  await expect(step.getByRole("radio", { checked: true }).count()).resolves.toBe(1);
  await p.getByRole("button", { name: t.next }).click();
  await p.getByRole("button", { name: t.next }).click();
  await p.getByRole("button", { name: t.toSummary }).click();
  await summary.waitFor();
  await p.screenshot({ path: path.join(SHOTS, "round-1-summary.png"), fullPage: true });
  const write = p.getByRole("button", { name: /写入台账（\d+ 个单元格）/ });
  const label = (await write.textContent())!;
  const cells = Number(/（(\d+) 个单元格）/.exec(label)![1]);
  expect(cells).toBe(4); // the decided 状态 and note of the shared task, the done task's 状态 and 完成日期
  await write.click();
  await inView("written", t.collected(cells, "来源记录"));
  await p.getByText(t.collectedDashboard).waitFor();
  await p.screenshot({ path: path.join(SHOTS, "round-2-written.png"), fullPage: true });
  await expect(p.getByTestId("collect-report").count()).resolves.toBe(0);

  // In the workbook: the decided note and the 来源记录 sheet.
  await p.getByRole("tab", { name: t.tabPreview }).click();
  await p.getByRole("tab", { name: "任务台账" }).click();
  await p.getByRole("grid").getByText(shared.b).first().waitFor();
  expect(await p.getByRole("grid").getByText(shared.a).count()).toBe(0);
  expect(await p.getByRole("grid").getByText("别的单位的内容").count()).toBe(0);
  await p.getByRole("tab", { name: "来源记录" }).click();
  await p.getByRole("grid").getByText("冲突已决定采用").first().waitFor();
}, 180_000);

test("分发: a .zip of every unit's copy, each accepted as a copy of this ledger", async () => {
  await p.getByRole("tab", { name: t.tabRound, exact: true }).click();
  await expect(p.getByLabel(t.roundDate).inputValue()).resolves.toBe("2022-09-30");
  await p.getByRole("button", { name: t.split, exact: true }).click();
  await p.getByTestId("split-result").waitFor({ timeout: 120_000 });
  await fits("copies made");
  await p.screenshot({ path: path.join(SHOTS, "round-3-split.png"), fullPage: true });
  // The browser preview has no Excel to open a copy in.
  expect(await p.getByRole("button", { name: t.openInExcel }).count()).toBe(0);
  const [download] = await Promise.all([
    p.waitForEvent("download"),
    p.getByRole("button", { name: t.downloadAll }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-分发-2022-09-30\.zip$/);
  const saved = path.join(dir, "pane.zip");
  await download.saveAs(saved);
  const files = unzipSync(new Uint8Array(readFileSync(saved)));
  expect(Object.keys(files).sort()).toEqual(readdirSync(path.join(dir, "分发")).sort());
  for (const bytes of Object.values(files)) expect(readReturnedCopy(bytes).marker.masterId).toBe(masterId);
}, 180_000);

/** A new page of the pane with the seed's ledger generated, on the round tab. */
async function seedLedgerOnRoundTab(q: Page): Promise<void> {
  await q.goto(`${server.url}taskpane.html`);
  await q.waitForSelector("body[data-ready=preview]");
  await q.getByRole("button", { name: t.parse }).click();
  await q.getByTestId("parse-result").waitFor();
  await q.getByRole("button", { name: t.generate, exact: true }).click();
  await q.getByText(/台账已生成（\d+ 个工作表）/).waitFor();
  await q.getByRole("tab", { name: t.tabRound, exact: true }).click();
}

test("分发 where the xlsx writer cannot load (older Office's webview): the pane says to use `plan-ledger split`", async () => {
  const q = await browser.newPage({ viewport: { width: 350, height: 700 } });
  await q.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  // As on a webview that cannot run the chunk: it never arrives.
  await q.route(/xlsx-writer\.[0-9a-f]+\.js$/, (r) => r.abort());
  await seedLedgerOnRoundTab(q);
  await q.getByRole("button", { name: t.split, exact: true }).click();
  const message = q.getByText(t.splitNeedsNewer);
  await message.waitFor({ timeout: 60_000 });
  const box = await message.boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(700);
  expect(await q.getByTestId("split-result").count()).toBe(0);
  await q.close();
}, 120_000);

test("分发 in an engine without BigInt (Office 2019's EdgeHTML): the pane says to use `plan-ledger split`, loading nothing", async () => {
  const ctx = await browser.newContext({ viewport: { width: 350, height: 700 } });
  // EdgeHTML 18 has no BigInt; the xlsx writer's zip code calls it as it loads, and no polyfill can add it.
  await ctx.addInitScript(() => delete (window as { BigInt?: unknown }).BigInt);
  const q = await ctx.newPage();
  const scripts: string[] = [];
  q.on(
    "request",
    (r) => r.resourceType() === "script" && scripts.push(path.basename(new URL(r.url()).pathname)),
  );
  await q.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await seedLedgerOnRoundTab(q);
  await q.getByRole("button", { name: t.split, exact: true }).click();
  await q.getByText(t.splitNeedsNewer).waitFor({ timeout: 30_000 });
  expect(scripts.filter((s) => s.startsWith("xlsx-writer"))).toEqual([]);
  expect(await q.getByTestId("split-result").count()).toBe(0);
  await ctx.close();
}, 120_000);

test("the English pane at 350 px: the round tab, the check and its conflict fit without sideways scrolling", async () => {
  const en = stringsFor("en");
  const q = await browser.newPage({ viewport: { width: 350, height: 700 } });
  await q.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await q.goto(`${server.url}taskpane.html?lang=en`);
  await q.waitForSelector("body[data-ready=preview]");
  await q.getByRole("button", { name: en.parse }).click();
  await q.getByTestId("parse-result").waitFor();
  await q.getByLabel(en.asOf).first().fill("2022-09-30");
  await q.getByRole("button", { name: en.generate, exact: true }).click();
  await q.getByText(/Ledger built \(\d+ sheets\)/).waitFor();
  await q.getByRole("tab", { name: en.tabRound, exact: true }).click();
  const wide = () =>
    q.evaluate(() => document.scrollingElement!.scrollWidth > document.scrollingElement!.clientWidth);
  await expect(wide()).resolves.toBe(false);
  await q.getByLabel(en.pickReturns).setInputFiles(returns);
  await q.getByRole("button", { name: en.check }).click();
  await q.getByTestId("conflicts").waitFor({ timeout: 60_000 });
  await expect(wide()).resolves.toBe(false);
  await q.screenshot({ path: path.join(SHOTS, "round-4-english.png"), fullPage: true });
  await q.close();
}, 120_000);
