/**
 * The add-in's figures: syncs and the largest request and response per action, measured through Microsoft's
 * own Excel client library (@microsoft/office-js) with the host emulator behind it; bundle size; first render
 * at 4x CPU slowdown.
 */
import { execFileSync, spawnSync } from "child_process";
import { existsSync, readdirSync, readFileSync } from "fs";
import path from "path";
import { gzipSync } from "zlib";
import type { Plan } from "../src/plan";
import { capabilitiesFor } from "../src/render/office/capabilities";
import { WorkbookHost } from "../src/render/office/host";
import { newSheet, newWorkbook } from "../src/render/office/memory/state";
import { ExcelEmulator, LATEST } from "../test/support/office/emulator";

const ROOT = path.join(__dirname, "..");
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;

interface Figure {
  /** Round trips the action waits for. */
  syncs: number;
  /** The library's clean-up after Excel.run (references released), sent without waiting for it. */
  cleanups: number;
  maxRequest: number;
  maxResponse: number;
  totalRequest: number;
  totalResponse: number;
}

/** Every host action the pane offers, in the order a user meets them, on a workbook of this plan. */
async function perAction(plan: Plan): Promise<Record<string, Figure>> {
  const book = newWorkbook();
  book.sheets.push(newSheet("Sheet1"));
  const excel = new ExcelEmulator(book, LATEST);
  const host = new WorkbookHost(excel.run, capabilitiesFor(excel.supports), () => "2022-09-30");
  const measure = async (f: () => Promise<unknown>): Promise<Figure> => {
    const from = excel.stats.requestBytes.length;
    await f();
    // The clean-up goes out as Excel.run returns; let it arrive before counting.
    await new Promise((r) => setTimeout(r, 0));
    const req = excel.stats.requestBytes.slice(from);
    const res = excel.stats.responseBytes.slice(from);
    const cleanups = excel.stats.cleanup.slice(from).filter(Boolean).length;
    return {
      syncs: req.length - cleanups,
      cleanups,
      maxRequest: Math.max(...req),
      maxResponse: Math.max(...res),
      totalRequest: req.reduce((a, b) => a + b, 0),
      totalResponse: res.reduce((a, b) => a + b, 0),
    };
  };
  const figures: Record<string, Figure> = {};
  figures["has ledger?"] = await measure(() => host.hasLedger());
  figures.generate = await measure(() => host.generate(plan, "2022-09-30"));
  excel.type("任务台账", "E2", "行政审批部");
  excel.type("任务台账", "J3", "已办结");
  let issues: Awaited<ReturnType<WorkbookHost["validate"]>>["issues"] = [];
  figures.validate = await measure(async () => (issues = (await host.validate()).issues));
  figures["go to cell"] = await measure(() => host.select("任务台账", "E2"));
  figures["highlight (checks again first)"] = await measure(() => host.highlightCurrent());
  figures["marks count"] = await measure(() => host.markCount());
  figures.clear = await measure(() => host.clearHighlight());
  figures["safe fixes"] = await measure(() => host.applyFixes(issues));
  figures["as-of read"] = await measure(() => host.asOf());
  figures["as-of write"] = await measure(() => host.setAsOf("2022-10-31"));
  figures.refresh = await measure(() => host.refreshDashboard());
  figures.update = await measure(() => host.update(plan));
  return figures;
}

export async function benchAddin(seed: Plan, big: Plan): Promise<void> {
  console.log(
    "\n## Add-in through Microsoft's Excel client library (reach: every request and response ≤ 4.5 MB; seed: generate ≤ 3 syncs, update ≤ 5)",
  );
  for (const [label, plan] of [
    ["118 tasks", seed],
    ["10,000 tasks", big],
  ] as const) {
    for (const [action, f] of Object.entries(await perAction(plan)))
      console.log(
        `${label}, ${action}: ${f.syncs} syncs${f.cleanups ? ` (+${f.cleanups} clean-up not waited for)` : ""}; largest request ${MB(f.maxRequest)}, largest response ${MB(f.maxResponse)}; ${MB(f.totalRequest)} sent and ${MB(f.totalResponse)} received in all`,
      );
  }

  const dir = path.join(ROOT, "dist", "addin");
  if (!existsSync(path.join(dir, "taskpane.html")))
    execFileSync("npx", ["webpack", "--mode", "production"], { cwd: ROOT, stdio: "ignore" });
  const initial = readdirSync(dir).filter((f) => /^taskpane\..*\.js$/.test(f));
  const gz = initial.reduce((n, f) => n + gzipSync(readFileSync(path.join(dir, f))).length, 0);
  const lazy = readdirSync(dir).filter((f) => /^\d+\..*\.js$/.test(f));
  const lazyGz = lazy.reduce((n, f) => n + gzipSync(readFileSync(path.join(dir, f))).length, 0);
  console.log(`\n## Task pane JavaScript (goal: initial ≤ 200 KB gzipped)`);
  console.log(
    `initial: ${(gz / 1024).toFixed(0)} KB gzipped; loaded on demand: ${(lazyGz / 1024).toFixed(0)} KB gzipped in ${lazy.length} chunks`,
  );

  if (spawnSync("sh", ["-c", "command -v chromium"]).status !== 0) {
    console.log("chromium not found: apt-get install -y chromium (first render not measured)");
    return;
  }
  const { firstRenderMs } = await import("./firstRender");
  for (const slowdown of [1, 4]) {
    const times = [];
    for (let i = 0; i < 5; i++) times.push(await firstRenderMs(dir, slowdown));
    times.sort((a, b) => a - b);
    console.log(
      `time to first render in headless Chromium (browser preview, ${slowdown}x CPU slowdown, median of 5): ${times[2].toFixed(0)} ms`,
    );
  }
}
