/**
 * The real engines the e2e tests drive. A missing engine fails the test with the exact install command:
 * a silent skip would let a broken path pass.
 */
import { execFileSync } from "child_process";
import { existsSync, realpathSync } from "fs";
import path from "path";
import { ROOT } from "../support/files";

const INSTALL: Record<string, string> = {
  soffice: "apt-get install -y libreoffice-calc fonts-wqy-zenhei",
  chromium: "apt-get install -y chromium",
  pdftoppm: "apt-get install -y poppler-utils",
  xmllint: "apt-get install -y libxml2-utils",
};

export function requireEngine(command: keyof typeof INSTALL): string {
  try {
    return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      `缺少 ${command}，请先安装 / ${command} is missing; install it with:\n  ${INSTALL[command]}`,
    );
  }
}

/**
 * LibreOffice with Writer, which makes the Word and PDF plans: Calc alone has `soffice` too, and then the
 * conversions fail with no hint of what is missing.
 */
export function requireWriter(): string {
  const soffice = requireEngine("soffice");
  const program = path.dirname(realpathSync(soffice));
  if (!existsSync(path.join(program, "libswlo.so")) && !existsSync(path.join(program, "swriter")))
    throw new Error(
      "缺少 LibreOffice Writer，请先安装 / LibreOffice Writer is missing; install it with:\n  apt-get install -y libreoffice-writer",
    );
  return soffice;
}

/** The compiled CLI, as `npx plan-ledger` runs it. */
export function cliEntry(): string {
  const bin = path.join(ROOT, "bin", "plan-ledger.js");
  if (!existsSync(path.join(ROOT, "dist", "cli", "main.js"))) {
    throw new Error("CLI not built: run `npm ci` or `npm run build:cli` first.");
  }
  return bin;
}
