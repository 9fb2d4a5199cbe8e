/**
 * The monthly round as a user runs it: `split` and `collect` as whole `node` processes of the compiled CLI
 * (wall time, CPU time and peak memory), and in-process (wall and CPU time), on the seed (every lead unit)
 * and on 10,000 tasks led by 200 units. The returns collected are the copies filled the way units fill them
 * (status and a progress note on every other task). In-process, `split` is also timed the way it was made
 * before templates (the library rendering every copy), for comparison.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { loadavg, tmpdir } from "os";
import path from "path";
import { syntheticPlan } from "./synthetic";
import { Workbook } from "../src/render/xlsx/excelts";
import { openLedgerPackage } from "../src/render/xlsx/package/ledgerPackage";
import { snapshotOfPackage } from "../src/render/xlsx/readXlsx";
import { splitCopies } from "../src/render/xlsx/splitCopies";
import { collectCommand } from "../src/cli/collectCommand";

const CLI = path.join(__dirname, "..", "bin", "plan-ledger.js");

interface Run {
  ms: number;
  cpuMs: number;
  peakMb: number;
  code: number | null;
}

function run(args: string[]): Run {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", path.join(__dirname, "peak.js"), CLI, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const kb = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? 0);
  const us = Number(/CPU_US (\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { ms, cpuMs: us / 1000, peakMb: kb / 1024, code: r.status };
}

async function inProcess(fn: () => Promise<unknown>): Promise<Run> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await fn();
  const c = process.cpuUsage(c0);
  return {
    ms: Number(process.hrtime.bigint() - t0) / 1e6,
    cpuMs: (c.user + c.system) / 1000,
    peakMb: 0,
    code: 0,
  };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const show = (runs: Run[], whole: boolean) =>
  runs
    .map((r) => `${s(r.ms)} (CPU ${s(r.cpuMs)}${whole ? `, peak ${r.peakMb.toFixed(0)} MB` : ""})`)
    .join("; ");

/** Every copy filled the way a unit fills it: every other task 推进中 with a note. */
async function fill(copies: string, into: string): Promise<string[]> {
  mkdirSync(into);
  const out: string[] = [];
  for (const f of readdirSync(copies)) {
    const wb = new Workbook();
    await wb.xlsx.load(readFileSync(path.join(copies, f)) as never);
    const ws = wb.getWorksheet("任务台账")!;
    const col = new Map<string, number>();
    ws.getRow(1).eachCell((c, i) => col.set(String(c.value), i));
    for (let r = 2; r <= ws.rowCount; r += 2) {
      ws.getCell(r, col.get("状态")!).value = "推进中";
      ws.getCell(r, col.get("进展情况")!).value = `本月推进情况第${r}行：已召开协调会，完成方案起草。`;
    }
    const file = path.join(into, `回复-${f}`);
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
    out.push(file);
  }
  return out;
}

async function round(label: string, planArgs: string[], runs: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-round-"));
  try {
    const master = path.join(dir, "台账.xlsx");
    run(["build", ...planArgs, "-o", master, "--as-of", "2022-09-30", "--allow-errors"]);
    const splits: Run[] = [];
    const collects: Run[] = [];
    let returns: string[] = [];
    console.log(`${label} (load average before: ${load()})`);
    for (let i = 0; i < runs; i++) {
      const out = path.join(dir, `分发${i}`);
      splits.push(run(["split", master, "-o", out]));
      if (i === 0) {
        returns = await fill(out, path.join(dir, "收回"));
        console.log(`  ${returns.length} units' copies; each filled (every other task) for collect`);
      }
      collects.push(run(["collect", master, ...returns, "-o", path.join(dir, `收集${i}.xlsx`)]));
    }
    console.log(`  split, whole process:   ${show(splits, true)}`);
    console.log(`  collect, whole process: ${show(collects, true)}`);
    // In-process: the command's own work without Node's start-up.
    const snapshot = () => snapshotOfPackage(openLedgerPackage(readFileSync(master)));
    const issued = "2022-10-08 09:30";
    const derived: Run[] = [];
    const library: Run[] = [];
    const inCollect: Run[] = [];
    for (let i = 0; i < runs; i++) {
      derived.push(await inProcess(() => splitCopies(snapshot(), "2022-09-30", issued)));
      inCollect.push(
        await inProcess(() =>
          collectCommand(master, returns, { output: path.join(dir, `in${i}.xlsx`) }, new Date()),
        ),
      );
    }
    library.push(await inProcess(() => splitCopies(snapshot(), "2022-09-30", issued, { library: true })));
    console.log(`  split, in-process:      ${show(derived, false)}`);
    console.log(
      `  split, in-process, every copy rendered by the library (before templates): ${show(library, false)}`,
    );
    console.log(`  collect, in-process:    ${show(inCollect, false)}`);
    console.log(`  (load average after: ${load()})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchRound(): Promise<void> {
  console.log("\n## The monthly round: split and collect (whole processes and in-process)");
  await round("seed (118 tasks)", [], 3);
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-plan-"));
  let k = 0;
  const plan = path.join(dir, "plan.txt");
  writeFileSync(
    plan,
    syntheticPlan(10_000).replace(/〔牵头单位:[^;]+;/g, () => `〔牵头单位:第${(k++ % 200) + 1}协作单位;`),
  );
  await round("synthetic 10,000 tasks, 200 lead units", [plan], 2);
  rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) void benchRound();
