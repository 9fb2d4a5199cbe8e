/**
 * Every command as a user runs it: whole cold `node` processes of the built CLI (wall time, CPU time and
 * peak memory) on the seed and on filled ledgers of 10,000 and 50,000 tasks, beside the in-process
 * breakdown of where the time goes.
 */
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { spawnSync } from "child_process";
import { parsePlan } from "../src/plan";
import { unzipSync, zipSync } from "fflate";
import { readPackage } from "../src/render/xlsx/package/zip";
import { openLedgerPackage, gridOfRole } from "../src/render/xlsx/package/ledgerPackage";
import { snapshotOfPackage } from "../src/render/xlsx/readXlsx";
import { validateLedger } from "../src/ledger/validate/validate";
import { applyUpdate, prepareUpdate } from "../src/render/xlsx/updateInPlace";
import { verifyPackage } from "../src/render/xlsx/package/verifyPackage";
import { filledLedger } from "./ledgerFiles";
import { formatRun, loadLine, medianRun } from "./processes";

const t = <T>(fn: () => T): readonly [number, T] => {
  const t0 = process.hrtime.bigint();
  const v = fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, v] as const;
};

const AS_OF = ["--as-of", "2022-09-30"];

/** Node alone starting and ending, for scale. */
function nodeStart(): number {
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ["-e", "0"]);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b)[2];
}

/** The bundled seed plan: build, validate, summary, update and parse, each a fresh process. */
function seedCommands(dir: string, runs: number): void {
  const file = path.join(dir, "seed.xlsx");
  const out = path.join(dir, "seed-updated.xlsx");
  const clean = () => rmSync(out, { force: true });
  console.log(`seed (118 tasks; node alone starts and ends in ${nodeStart().toFixed(0)} ms):`);
  const rows = [
    ["build", medianRun(() => ["build", "-o", file, "--force", ...AS_OF], runs)] as const,
    ["validate", medianRun(() => ["validate", file], runs)] as const,
    ["summary", medianRun(() => ["summary", file], runs)] as const,
    ["update", medianRun(() => ["update", file, "-o", out, "--yes"], runs, clean)] as const,
    ["parse", medianRun(() => ["parse"], runs)] as const,
  ];
  console.log(rows.map(([name, r]) => formatRun(name, r)).join("\n"));
  console.log(loadLine());
  withoutCodeCache(file, runs);
}

/**
 * The same start-up without V8's code cache (bin/bundleLoader.js): the caches are moved aside and each
 * run's own cache is removed after it, so every run compiles the bundles from their text. Put back after.
 */
function withoutCodeCache(file: string, runs: number): void {
  const dist = path.join(__dirname, "..", "dist", "cli");
  const caches = readdirSync(dist).filter((f) => f.endsWith(".v8cache"));
  if (!caches.length) return console.log("  (no code cache built: run `npm run build:cli`)");
  const aside = mkdtempSync(path.join(tmpdir(), "pl-bench-cache-"));
  for (const f of caches) renameSync(path.join(dist, f), path.join(aside, f));
  const drop = () => {
    for (const f of readdirSync(dist)) if (f.endsWith(".v8cache")) rmSync(path.join(dist, f));
  };
  try {
    const rows = [
      ["build", medianRun(() => ["build", "-o", file, "--force", ...AS_OF], runs, drop)] as const,
      ["validate", medianRun(() => ["validate", file], runs, drop)] as const,
    ];
    console.log("  without the code cache (compiled from the bundles' text each time):");
    console.log(rows.map(([name, r]) => formatRun(name, r)).join("\n"));
  } finally {
    drop();
    for (const f of caches) renameSync(path.join(aside, f), path.join(dist, f));
    rmSync(aside, { recursive: true, force: true });
  }
}

export async function benchLedgerCommands(sizes = [10_000, 50_000], quick = false): Promise<void> {
  console.log(
    "\n## Commands as whole cold processes (goals: each ≤ 0.3 s on the seed; at 10,000 tasks validate and summary ≤ 1 s, update ≤ 5 s, each ≤ 250 MB, build ≤ 3 s and ≤ 300 MB)",
  );
  console.log(`median of ${quick ? 3 : 5} (seed), ${quick ? 1 : 3} (10,000), 1 (50,000); peak: the highest`);
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-cmd-"));
  seedCommands(dir, quick ? 3 : 5);
  for (const n of sizes) {
    const f = await filledLedger(n, dir);
    const runs = n > 20_000 || quick ? 1 : 3;
    const out = path.join(dir, `out-${n}.xlsx`);
    const clean = () => rmSync(out, { force: true });
    const built = path.join(dir, `built-${n}.xlsx`);
    const rows = [
      ["build", medianRun(() => ["build", f.plan, "-o", built, "--force", ...AS_OF], runs)] as const,
      ["validate", medianRun(() => ["validate", f.file], runs)] as const,
      ["summary", medianRun(() => ["summary", f.file], runs)] as const,
      [
        "update",
        medianRun(() => ["update", f.file, "--plan", f.revised, "-o", out, "--yes"], runs, clean),
      ] as const,
    ];
    console.log(
      `${n.toLocaleString("en")} tasks (filled ledger ${(readFileSync(f.file).length / 1e6).toFixed(1)} MB; update: one task inserted, two removed, the rest renumbered):`,
    );
    console.log(rows.map(([name, r]) => formatRun(name, r)).join("\n"));
    console.log(loadLine());

    // Where the time goes, in one process.
    const bytes = new Uint8Array(readFileSync(f.file));
    const [unzip] = t(() => readPackage(bytes));
    const [open, lp] = t(() => openLedgerPackage(bytes));
    const [grid] = t(() => gridOfRole(lp, "ledger"));
    const [snap, snapshot] = t(() => snapshotOfPackage(lp));
    const [check] = t(() => validateLedger(snapshot, { today: "2022-09-30" }));
    const plan = parsePlan(readFileSync(f.revised, "utf8"));
    const [prep, prepared] = t(() => prepareUpdate(bytes, plan));
    const [apply, patched] = t(() => applyUpdate(prepared, plan, "2022-10-01 09:00", "2022-10-01"));
    const [verify] = t(() => verifyPackage(bytes, patched.bytes, patched.allowed));
    // The floor any in-place edit pays, with nothing of ours: every part inflated and deflated again.
    const [rezip] = t(() =>
      zipSync(Object.fromEntries(Object.entries(unzipSync(bytes)).map(([n, d]) => [n, [d, { level: 1 }]]))),
    );
    console.log(
      `  in-process: unzip ${unzip.toFixed(0)} ms; open (+shared strings, styles) ${open.toFixed(0)} ms; ` +
        `ledger grid ${grid.toFixed(0)} ms; whole snapshot ${snap.toFixed(0)} ms; validation ${check.toFixed(0)} ms; ` +
        `update: read+match ${prep.toFixed(0)} ms, patch+zip ${apply.toFixed(0)} ms, verify ${verify.toFixed(0)} ms; ` +
        `peer: the whole package unzipped and zipped again by fflate alone ${rezip.toFixed(0)} ms`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

if (require.main === module)
  benchLedgerCommands([10_000, 50_000], process.argv.includes("--quick")).catch((e) => {
    console.error(e);
    process.exit(1);
  });
