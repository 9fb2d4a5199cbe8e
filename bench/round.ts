/**
 * The monthly round as a user runs it: `split` and `collect` as whole `node` processes of the compiled CLI
 * (wall time and peak memory), on the seed (every lead unit) and on 10,000 tasks led by 200 units.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { syntheticPlan } from "./synthetic";

const CLI = path.join(__dirname, "..", "bin", "plan-ledger.js");

function run(args: string[]): { ms: number; peakMb: number; code: number | null } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", path.join(__dirname, "peak.js"), CLI, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const kb = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { ms, peakMb: kb / 1024, code: r.status };
}

const median = <T extends { ms: number }>(xs: T[]) =>
  [...xs].sort((a, b) => a.ms - b.ms)[Math.floor(xs.length / 2)];
const show = (r: { ms: number; peakMb: number }) =>
  `${(r.ms / 1000).toFixed(2)} s, peak ${r.peakMb.toFixed(0)} MB`;

function round(label: string, planArgs: string[], runs: number): void {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-round-"));
  try {
    const master = path.join(dir, "台账.xlsx");
    run(["build", ...planArgs, "-o", master, "--as-of", "2022-09-30", "--allow-errors"]);
    const splits = [];
    const collects = [];
    for (let i = 0; i < runs; i++) {
      const out = path.join(dir, `分发${i}`);
      splits.push(run(["split", master, "-o", out]));
      const files = readdirSync(out).map((f) => path.join(out, f));
      collects.push(run(["collect", master, ...files, "--dry-run"]));
      if (i === 0) console.log(`${label}: ${files.length} units' copies`);
    }
    console.log(`  split:              ${show(median(splits))}`);
    console.log(`  collect (all back): ${show(median(collects))}  (--dry-run; reads and merges every copy)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchRound(): void {
  console.log("\n## The monthly round: split and collect as whole processes");
  round("seed (118 tasks)", [], 3);
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-plan-"));
  let k = 0;
  const plan = path.join(dir, "plan.txt");
  writeFileSync(
    plan,
    syntheticPlan(10_000).replace(/〔牵头单位:[^;]+;/g, () => `〔牵头单位:第${(k++ % 200) + 1}协作单位;`),
  );
  round("synthetic 10,000 tasks, 200 lead units", [plan], 1);
  rmSync(dir, { recursive: true, force: true });
}
