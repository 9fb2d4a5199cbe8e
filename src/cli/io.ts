/** File access for the CLI shell: the only place the plan commands touch the disk. */
import { readFileSync } from "fs";
import path from "path";

/** The plan bundled with PlanLedger (the project's own copy of the seed). */
export const BUNDLED_PLAN = path.resolve(
  __dirname,
  "..",
  "..",
  "seeds",
  "liaocheng-hitech-2022-business-environment-plan.txt",
);

/** A failure the user can act on; the CLI prints the message and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return "文件不存在 (file not found)";
  if (code === "EISDIR") return "这是一个文件夹，不是文件 (a folder, not a file)";
  if (code === "EACCES" || code === "EPERM") return "没有读取权限 (permission denied)";
  return String((err as Error)?.message ?? err);
}

/** The bytes of a file the user named, or a CliError saying why not. */
export function readUserFile(file: string): { bytes: Buffer; path: string } {
  const target = path.resolve(file);
  try {
    return { bytes: readFileSync(target), path: target };
  } catch (err) {
    throw new CliError(`无法读取 ${target}：${describeFsError(err)}。`, 2);
  }
}
