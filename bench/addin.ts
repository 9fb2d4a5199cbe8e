/** The add-in's figures: syncs per action and their cost at Excel on the web's latency; bundle size; first render. */
import { execFileSync, spawnSync } from "child_process";
import { existsSync, readdirSync, readFileSync } from "fs";
import path from "path";
import { gzipSync } from "zlib";
import type { Plan } from "../src/plan";
import { capabilitiesFor } from "../src/render/office/capabilities";
import { WorkbookHost } from "../src/render/office/host";
import { fakeRun, supportsOf, type SyncStats } from "../src/render/office/memory/fakeExcel";
import { newWorkbook } from "../src/render/office/memory/state";
import { ledgerWorkbook } from "../src/workbook/ledgerWorkbook";

const ROUND_TRIP_MS = 100;
const ROOT = path.join(__dirname, "..");

async function syncsPerAction(plan: Plan): Promise<Record<string, number>> {
  const book = newWorkbook();
  const stats: SyncStats = { syncs: 0, requestBytes: [] };
  const host = new WorkbookHost(fakeRun(book, stats), capabilitiesFor(supportsOf(book)), () => "2022-09-30");
  const count = async (f: () => Promise<unknown>) => {
    const before = stats.syncs;
    await f();
    return stats.syncs - before;
  };
  return {
    generate: await count(() => host.generate(plan, "2022-09-30")),
    validate: await count(() => host.validate()),
    refresh: await count(() => host.refreshDashboard()),
  };
}

/** A straightforward add-in: one request per row written or read. */
function rowByRow(plan: Plan): Record<string, number> {
  const spec = ledgerWorkbook(plan, { asOf: "2022-09-30" });
  const rows = (name: string) => spec.sheets.find((s) => s.name === name)!.rows.length;
  return {
    generate: spec.sheets.reduce((n, s) => n + s.rows.length, 0),
    validate: rows("任务台账") + rows("时间节点") + rows("单位"),
    refresh: rows("任务台账") + rows("时间节点") + rows("仪表盘"),
  };
}

export async function benchAddin(seed: Plan, big: Plan): Promise<void> {
  console.log(
    `\n## Add-in: syncs per action (strict fake), and the wait at ${ROUND_TRIP_MS} ms per round trip`,
  );
  for (const [label, plan] of [
    ["118 tasks", seed],
    ["10,000 tasks", big],
  ] as const) {
    const ours = await syncsPerAction(plan);
    const naive = rowByRow(plan);
    for (const action of ["generate", "validate", "refresh"]) {
      console.log(
        `${label}, ${action}: ${ours[action]} syncs ≈ ${ours[action] * ROUND_TRIP_MS} ms; row by row: ${naive[action]} syncs ≈ ${((naive[action] * ROUND_TRIP_MS) / 1000).toFixed(1)} s`,
      );
    }
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
  const times = [];
  for (let i = 0; i < 5; i++) times.push(await firstRenderMs(dir));
  times.sort((a, b) => a - b);
  console.log(
    `time to first render in headless Chromium (browser preview, median of 5): ${times[2].toFixed(0)} ms`,
  );
}
