/**
 * Reading the seed plan as staff receive it: parse time from .txt, .docx and PDF (the last two made by
 * LibreOffice Writer here, read by mammoth and pdf.js as the CLI reads them), and the size of the readers
 * the task pane loads only when such a file is chosen.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { gzipSync } from "zlib";
import { planTextOf } from "../src/cli/planFile";
import { parsePlan } from "../src/plan";

const ROOT = path.join(__dirname, "..");
const SEED = path.join(ROOT, "seeds", "liaocheng-hitech-2022-business-environment-plan.txt");

async function medianMs(fn: () => Promise<unknown>, runs = 7): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** The seed as .docx and PDF, by LibreOffice Writer; null when LibreOffice is not installed. */
function seedFiles(): { docx: string; pdf: string } | null {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-bench-plan-"));
  const html = path.join(dir, "seed.html");
  const paragraphs = readFileSync(SEED, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => `<p>${l.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`);
  writeFileSync(
    html,
    `<html><head><meta charset="utf-8"></head><body>${paragraphs.join("\n")}</body></html>`,
  );
  const soffice = (args: string[]) =>
    execFileSync(
      "soffice",
      [`-env:UserInstallation=file://${dir}/profile`, "--headless", ...args, "--outdir", dir],
      {
        stdio: "pipe",
        timeout: 240_000,
      },
    );
  try {
    soffice(["--convert-to", "docx:MS Word 2007 XML", html]);
    soffice(["--convert-to", "pdf", path.join(dir, "seed.docx")]);
  } catch {
    return null;
  }
  return { docx: path.join(dir, "seed.docx"), pdf: path.join(dir, "seed.pdf") };
}

export async function benchPlanFiles(): Promise<void> {
  console.log("\n## Plan files: the seed read and parsed (median of 7, after a warm-up)");
  const read = (file: string) => async () => {
    const bytes = readFileSync(file);
    const { text } = await planTextOf(bytes, file);
    const tasks = parsePlan(text).tasks.length;
    if (tasks !== 118) throw new Error(`${file}: ${tasks} tasks`);
  };
  console.log(`.txt  (${statSync(SEED).size} bytes):  ${(await medianMs(read(SEED))).toFixed(1)} ms`);
  const files = seedFiles();
  if (!files) console.log(".docx and PDF: LibreOffice (soffice) is not installed; not measured.");
  else {
    console.log(
      `.docx (${statSync(files.docx).size} bytes): ${(await medianMs(read(files.docx))).toFixed(1)} ms`,
    );
    console.log(
      `PDF   (${statSync(files.pdf).size} bytes): ${(await medianMs(read(files.pdf))).toFixed(1)} ms`,
    );
  }

  console.log("\n## Task pane: readers loaded only when a .docx or PDF is chosen (webpack chunks)");
  const dist = path.join(ROOT, "dist", "addin");
  if (!existsSync(dist)) {
    console.log("dist/addin is not built: run `npm run build:addin` first.");
    return;
  }
  for (const chunk of ["word-reader", "pdf-reader", "pdf-reader-worker"]) {
    const file = readdirSync(dist).find((f) => new RegExp(`^${chunk}\\.[0-9a-f]+\\.js$`).test(f));
    if (!file) {
      console.log(`${chunk}: not found in dist/addin`);
      continue;
    }
    const bytes = readFileSync(path.join(dist, file));
    console.log(
      `${chunk.padEnd(18)} ${(bytes.length / 1024).toFixed(0)} KiB (${(gzipSync(bytes).length / 1024).toFixed(0)} KiB gzipped)`,
    );
  }
}
