/**
 * validate, summary and update on filled ledgers as a user runs them: whole `node` processes of the
 * compiled CLI (wall time and peak memory), beside the in-process breakdown of where the time goes.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { parsePlan } from "../src/plan";
import { readPackage } from "../src/render/xlsx/package/zip";
import { openLedgerPackage, gridOfRole } from "../src/render/xlsx/package/ledgerPackage";
import { snapshotOfPackage } from "../src/render/xlsx/readXlsx";
import { validateLedger } from "../src/ledger/validate/validate";
import { applyUpdate, prepareUpdate } from "../src/render/xlsx/updateInPlace";
import { verifyPackage } from "../src/render/xlsx/package/verifyPackage";
import { filledLedger } from "./ledgerFiles";

const ROOT = path.join(__dirname, "..");
const CLI = path.join(ROOT, "bin", "plan-ledger.js");

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

function best(args: () => string[], runs: number, after?: () => void) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    all.push(run(args()));
    after?.();
  }
  all.sort((a, b) => a.ms - b.ms);
  return { ...all[Math.floor(all.length / 2)], peakMb: Math.max(...all.map((x) => x.peakMb)) };
}

const t = <T>(fn: () => T): readonly [number, T] => {
  const t0 = process.hrtime.bigint();
  const v = fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, v] as const;
};

export async function benchLedgerCommands(sizes = [118, 10_000, 50_000]): Promise<void> {
  console.log(
    "\n## validate / summary / update as whole processes (goal at 10,000 tasks: ≤ 1 s, ≤ 1 s, ≤ 5 s, each ≤ 250 MB)",
  );
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-cmd-"));
  for (const n of sizes) {
    const f = await filledLedger(n, dir);
    const runs = n > 20_000 ? 1 : 3;
    const out = path.join(dir, `out-${n}.xlsx`);
    const v = best(() => ["validate", f.file], runs);
    const s = best(() => ["summary", f.file], runs);
    const u = best(
      () => ["update", f.file, "--plan", f.revised, "-o", out, "--yes"],
      runs,
      () => rmSync(out, { force: true }),
    );
    const row = (name: string, x: ReturnType<typeof best>) =>
      `  ${name.padEnd(8)} ${(x.ms / 1000).toFixed(2)} s, peak ${x.peakMb.toFixed(0)} MB${x.code === 0 || x.code === 1 ? "" : ` (exit ${x.code})`}`;
    console.log(
      `${n.toLocaleString("en")} tasks (${(readFileSync(f.file).length / 1e6).toFixed(1)} MB file):`,
    );
    console.log([row("validate", v), row("summary", s), row("update", u)].join("\n"));

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
    console.log(
      `  in-process: unzip ${unzip.toFixed(0)} ms; open (+shared strings, styles) ${open.toFixed(0)} ms; ` +
        `ledger grid ${grid.toFixed(0)} ms; whole snapshot ${snap.toFixed(0)} ms; validation ${check.toFixed(0)} ms; ` +
        `update: read+match ${prep.toFixed(0)} ms, patch+zip ${apply.toFixed(0)} ms, verify ${verify.toFixed(0)} ms`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

if (require.main === module)
  benchLedgerCommands().catch((e) => {
    console.error(e);
    process.exit(1);
  });
