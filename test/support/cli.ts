import { main } from "../../src/cli/main";

/** Run the CLI in-process with captured output and a fixed clock. */
export async function runCli(args: string[], now = new Date("2022-09-30T10:00:00+08:00")) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "plan-ledger", ...args], {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    now: () => now,
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
