/**
 * Commands as a user runs them: each a new `node bin/plan-ledger.js …` process (cold: nothing of an
 * earlier run is reused), timed from outside. Wall time depends on what else the machine runs, so CPU
 * time (user + system) and the load average are reported beside it.
 */
import { spawnSync } from "child_process";
import { cpus, loadavg } from "os";
import path from "path";

const CLI = path.join(__dirname, "..", "bin", "plan-ledger.js");

export interface ProcessRun {
  wallMs: number;
  cpuMs: number;
  peakMb: number;
  code: number | null;
}

/** One whole process; `stderr` is searched for the figures `peak.js` writes as the process exits. */
export function runCli(args: string[], cwd?: string): ProcessRun {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", path.join(__dirname, "peak.js"), CLI, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    cwd,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /PEAK_RSS_KB (\d+) CPU_US (\d+)/.exec(r.stderr ?? "");
  if (!m)
    throw new Error(
      `plan-ledger ${args.join(" ")} ended without its figures (exit ${r.status}): ${r.stderr}`,
    );
  return { wallMs, cpuMs: Number(m[2]) / 1000, peakMb: Number(m[1]) / 1024, code: r.status };
}

/** `runs` processes: median wall and CPU time, the highest peak memory. `after` cleans up between runs. */
export function medianRun(args: () => string[], runs: number, after?: () => void): ProcessRun {
  const all: ProcessRun[] = [];
  for (let i = 0; i < runs; i++) {
    all.push(runCli(args()));
    after?.();
  }
  const mid = <T>(xs: T[], by: (x: T) => number) => [...xs].sort((a, b) => by(a) - by(b))[xs.length >> 1];
  return {
    wallMs: mid(all, (x) => x.wallMs).wallMs,
    cpuMs: mid(all, (x) => x.cpuMs).cpuMs,
    peakMb: Math.max(...all.map((x) => x.peakMb)),
    code: all.find((x) => x.code !== 0 && x.code !== 1)?.code ?? all[0].code,
  };
}

/** `validate   0.21 s wall, 0.19 s CPU, peak 66 MB` (the exit code when it was not 0 or 1). */
export function formatRun(name: string, x: ProcessRun): string {
  const code = x.code === 0 || x.code === 1 ? "" : ` (exit ${x.code})`;
  return `  ${name.padEnd(9)} ${(x.wallMs / 1000).toFixed(2)} s wall, ${(x.cpuMs / 1000).toFixed(2)} s CPU, peak ${x.peakMb.toFixed(0)} MB${code}`;
}

export const loadLine = () =>
  `  (load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" / ")} on ${cpus().length} cores)`;
