/**
 * `npm run bench`: the figures the issues ask for, measured on this machine. Each figure is the median of
 * several runs (in-process ones after a warm-up). Nothing here asserts; it reports. The commands are run
 * as the built CLI (`npm run build:cli` first when src/ changed).
 */
import { readFileSync } from "fs";
import path from "path";
import { parsePlan } from "../src/plan";
import { syntheticPlan } from "./synthetic";
import { benchWorkbook } from "./workbook";
import { syntheticSnapshot } from "./ledgerRows";
import { validateLedger } from "../src/ledger/validate/validate";
import { summarize } from "../src/dashboard/summary";
import { rowsFromSnapshot } from "../src/dashboard/rows";
import { benchLibreOffice } from "./libreoffice";
import { benchAddin } from "./addin";
import { benchPlanFiles } from "./planFiles";
import { benchLedgerCommands } from "./ledgerCommands";
import { benchRound } from "./round";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function time(fn: () => unknown, runs = 7): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ms);
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function benchParse(): void {
  const seed = readFileSync(
    path.join(__dirname, "..", "seeds", "liaocheng-hitech-2022-business-environment-plan.txt"),
    "utf8",
  );
  const big = syntheticPlan(10_000);
  const small = syntheticPlan(1_000);
  const tSeed = time(() => parsePlan(seed), 21);
  const tSmall = time(() => parsePlan(small));
  const tBig = time(() => parsePlan(big));
  console.log("## Plan parser");
  console.log(`seed (118 tasks, ${seed.length} chars):      ${fmt(tSeed)}`);
  console.log(`synthetic 1,000 tasks (${small.length} chars):  ${fmt(tSmall)}`);
  console.log(`synthetic 10,000 tasks (${big.length} chars): ${fmt(tBig)}`);
  console.log(
    `scaling 1k → 10k: ×${(tBig / tSmall).toFixed(1)} for ×${(big.length / small.length).toFixed(1)} text (linear ≈ equal)`,
  );
}

function benchValidate(): void {
  console.log("\n## Validation engine (goal: 100,000 rows ≤ 150 ms)");
  for (const n of [10_000, 100_000]) {
    const snap = syntheticSnapshot(n);
    let issues = 0;
    const ms = time(() => (issues = validateLedger(snap, { today: "2022-09-30" }).issues.length), 5);
    console.log(`${n.toLocaleString("en")} rows: ${fmt(ms)} (${issues} issues found)`);
  }
}

function benchSummary(): void {
  console.log("\n## Summary engine (goal: 100,000 rows ≤ 50 ms)");
  for (const n of [10_000, 100_000]) {
    const rows = rowsFromSnapshot(syntheticSnapshot(n));
    const ms = time(() => summarize({ ...rows, asOf: "2022-09-30", year: 2022 }), 5);
    console.log(`${n.toLocaleString("en")} rows: ${fmt(ms)}`);
  }
}

/** `npm run bench -- --quick`: the seed and 10,000 tasks only, one run each at 10,000 (about a minute). */
const quick = process.argv.includes("--quick");

async function benchAll(): Promise<void> {
  benchParse();
  await benchLedgerCommands(quick ? [10_000] : [10_000, 50_000], quick);
  if (quick) return;
  await benchPlanFiles();
  const seed = parsePlan(
    readFileSync(
      path.join(__dirname, "..", "seeds", "liaocheng-hitech-2022-business-environment-plan.txt"),
      "utf8",
    ),
  );
  await benchWorkbook(seed, parsePlan(syntheticPlan(10_000)));
  benchValidate();
  benchSummary();
  await benchRound();
  await benchLibreOffice(seed, parsePlan(syntheticPlan(10_000)));
  await benchAddin(seed, parsePlan(syntheticPlan(10_000)));
}

benchAll().catch((err) => {
  console.error(err);
  process.exit(1);
});
