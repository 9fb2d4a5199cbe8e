/**
 * Reading a plan file for the command line: plain text (UTF-8, GBK, UTF-16), Word (.docx, read with
 * mammoth) and PDF (its text layer, read with pdf.js). What the libraries return is turned into plan text
 * by the pure core (src/plan/fromDocx.ts, fromPdf.ts); files we cannot read get a message saying what to
 * save them as.
 */
import { readFileSync } from "fs";
import path from "path";
import {
  checkExtracted,
  decodePlanBytes,
  mixedEncodingNotes,
  docxToPlanText,
  mammothBlocks,
  parsePlan,
  pdfPageOf,
  pdfToPlan,
  planFileKind,
  UnreadablePlanError,
  unreadableBecause,
  type Diagnostic,
  type PdfPage,
  type Plan,
  type PlanFileKind,
  type PlanSource,
  diagnosticPlace,
} from "../plan";
import { BUNDLED_PLAN, CliError, describeFsError } from "./io";

export interface PlanText {
  text: string;
  kind: PlanFileKind;
  /** What reading the file doubted (a PDF's tables), for the parse's diagnostics. */
  notes: Diagnostic[];
  /** What the text was read from, so that diagnostics name places staff can find in the file. */
  source: PlanSource;
}

async function docxText(bytes: Uint8Array): Promise<string> {
  const mammoth = await import("mammoth");
  let body: unknown = null;
  await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, {
    transformDocument: (doc: unknown) => {
      body = doc;
      return doc;
    },
  } as Parameters<typeof mammoth.convertToHtml>[1]);
  return docxToPlanText(mammothBlocks(body));
}

async function pdfText(
  bytes: Uint8Array,
): Promise<{ text: string; notes: Diagnostic[]; source: PlanSource }> {
  // pdf.js ships as ES modules only; Node 20.19+ loads them through require.
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const root = path.dirname(require.resolve("pdfjs-dist/package.json"));
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: path.join(root, "cmaps") + path.sep,
    cMapPacked: true,
    standardFontDataUrl: path.join(root, "standard_fonts") + path.sep,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      pages.push(pdfPageOf(viewport, (await page.getTextContent()).items));
      page.cleanup();
    }
    return pdfToPlan(pages);
  } finally {
    await doc.destroy();
  }
}

/** The plan text in a file's bytes, whatever the format; UnreadablePlanError says what to do otherwise. */
export async function planTextOf(bytes: Uint8Array, fileName: string): Promise<PlanText> {
  const kind = planFileKind(bytes, fileName);
  if (kind === "text") {
    const decoded = decodePlanBytes(bytes);
    return { text: decoded.text, kind, notes: mixedEncodingNotes(decoded), source: { kind: "text" } };
  }
  let read: { text: string; notes: Diagnostic[]; source: PlanSource };
  try {
    read =
      kind === "docx"
        ? { text: await docxText(bytes), notes: [], source: { kind: "docx" } }
        : await pdfText(bytes);
  } catch (err) {
    throw unreadableBecause(kind, err);
  }
  checkExtracted(kind, read.text);
  return { ...read, kind };
}

/** Read and parse a plan file (default: the bundled plan). */
export async function readPlanFile(
  file: string | undefined,
  today: Date,
): Promise<{ plan: Plan; file: string; kind: PlanFileKind }> {
  const target = path.resolve(file ?? BUNDLED_PLAN);
  let bytes: Buffer;
  try {
    bytes = readFileSync(target);
  } catch (err) {
    throw new CliError(
      `无法读取计划文件 ${target}：${describeFsError(err)}。请检查路径是否正确。\nCannot read plan file ${target}.`,
    );
  }
  try {
    const { text, kind, notes, source } = await planTextOf(bytes, target);
    return {
      plan: parsePlan(text, { fallbackYear: today.getFullYear(), notes, source }),
      file: target,
      kind,
    };
  } catch (err) {
    if (err instanceof UnreadablePlanError) throw new CliError(`${target}：${err.message}\n${err.messageEn}`);
    throw err;
  }
}

/** The parse's errors and warnings, one a line, for build and update to show. */
export function formatParseProblems(plan: Plan): string[] {
  const tag = { error: "错误", warning: "警告", info: "说明" } as const;
  return plan.diagnostics
    .filter((d) => d.severity !== "info")
    .map((d) => `  [${tag[d.severity]}] ${diagnosticPlace(d) ? `${diagnosticPlace(d)} ` : ""}${d.message}`);
}

/**
 * Build and update stop on a parse with errors (exit 1) unless told to go on: the office must see what
 * the parser doubted before a ledger is made from it. Warnings are shown and do not stop. `writtenTo`: the
 * sheet the problems go into when the workbook is written now (null on a dry run); never claimed when stopped.
 */
export function checkParse(
  plan: Plan,
  allowErrors: boolean | undefined,
  show: (s: string) => void,
  { verb, writtenTo }: { verb: "生成" | "更新"; writtenTo: "说明" | "变更记录" | null },
): void {
  const problems = formatParseProblems(plan);
  const errors = plan.diagnostics.filter((d) => d.severity === "error").length;
  if (!problems.length) return;
  const head = (sheet: string | null) =>
    `计划解析提示 Parse problems: ${errors} 错误 errors, ${problems.length - errors} 警告 warnings${sheet ? `（已写入“${sheet}”工作表）` : ""}`;
  if (errors && !allowErrors)
    throw new CliError(
      `${head(null)}\n${problems.join("\n")}\n计划解析有错误，未写入台账。请核对原文后重试；确认无误仍要${verb}，请加 --allow-errors。\nThe plan has parse errors; nothing written. Check the plan, or add --allow-errors to go on.`,
      1,
    );
  show(`${head(writtenTo)}\n${problems.join("\n")}`);
}

/** The parse's errors (`计划文本为空`…) to show when a plan without tasks stops build or update. */
export function parseErrorLines(plan: Plan): string {
  const lines = formatParseProblems(plan).filter((l) => l.includes("[错误]"));
  return lines.length ? `${lines.join("\n")}\n` : "";
}
