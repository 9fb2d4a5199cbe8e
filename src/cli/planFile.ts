/**
 * Reading a plan file for the command line: plain text (UTF-8, GBK, UTF-16), Word (.docx, read with
 * mammoth) and PDF (its text layer, read with pdf.js). What the libraries return is turned into plan text
 * by the pure core (src/plan/fromDocx.ts, fromPdf.ts); files we cannot read get a message saying what to
 * save them as.
 */
import { readFileSync } from "fs";
import path from "path";
import {
  decodePlanBytes,
  docxToPlanText,
  mammothBlocks,
  parsePlan,
  pdfPageOf,
  pdfToPlanText,
  planFileKind,
  UnreadablePlanError,
  type PdfPage,
  type Plan,
  type PlanFileKind,
} from "../plan";
import { BUNDLED_PLAN, CliError, describeFsError } from "./io";

export interface PlanText {
  text: string;
  kind: PlanFileKind;
}

const PDF_NO_TEXT =
  "这个 PDF 没有可读取的文字（可能是扫描件或图片）。请向发文单位索取 Word(.docx) 版或可复制文字的 PDF；或在 WPS/Acrobat 中用“文字识别(OCR)”转换为 Word(.docx)，核对后再选择。";
const PDF_NO_TEXT_EN =
  "This PDF has no text layer (a scan or images). Get the .docx or a text PDF, or convert it with OCR to .docx first.";

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

async function pdfText(bytes: Uint8Array): Promise<string> {
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
    return pdfToPlanText(pages);
  } finally {
    await doc.destroy();
  }
}

/** Why a library could not read the file, in words staff can act on. */
function libraryFailure(kind: PlanFileKind, err: unknown): UnreadablePlanError {
  const name = (err as Error)?.name ?? "";
  if (kind === "pdf" && name === "PasswordException")
    return new UnreadablePlanError(
      "这个 PDF 设置了打开密码，无法读取。请用 PDF 阅读器输入密码打开后“另存为”（或“打印”为 PDF）得到无密码的文件，或全选复制正文粘贴。",
      "The PDF is password-protected. Save a copy without the password, or paste the text.",
    );
  if (kind === "pdf")
    return new UnreadablePlanError(
      `PDF 文件无法打开（${(err as Error)?.message ?? err}），可能已损坏。请重新下载或向发文单位索取 Word(.docx) 版。`,
      "The PDF cannot be opened; it may be damaged. Download it again or get the .docx.",
    );
  return new UnreadablePlanError(
    `Word 文件无法打开（${(err as Error)?.message ?? err}），可能已损坏或不是 .docx。请用 Word 或 WPS 打开后另存为“Word 文档(*.docx)”再试。`,
    "The Word file cannot be opened; it may be damaged. Save it again as .docx.",
  );
}

/** The plan text in a file's bytes, whatever the format; UnreadablePlanError says what to do otherwise. */
export async function planTextOf(bytes: Uint8Array, fileName: string): Promise<PlanText> {
  const kind = planFileKind(bytes, fileName);
  if (kind === "text") return { text: decodePlanBytes(bytes).text, kind };
  let text: string;
  try {
    text = kind === "docx" ? await docxText(bytes) : await pdfText(bytes);
  } catch (err) {
    throw libraryFailure(kind, err);
  }
  if (kind === "pdf" && text.replace(/\s/g, "").length < 20)
    throw new UnreadablePlanError(PDF_NO_TEXT, PDF_NO_TEXT_EN);
  return { text, kind };
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
    const { text, kind } = await planTextOf(bytes, target);
    return { plan: parsePlan(text, { fallbackYear: today.getFullYear() }), file: target, kind };
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
    .map((d) => `  [${tag[d.severity]}] ${d.line ? `第${d.line}行 ` : ""}${d.message}`);
}

/**
 * Build and update stop on a parse with errors (exit 1) unless told to go on: the office must see what
 * the parser doubted before a ledger is made from it. Warnings are shown and do not stop.
 */
export function checkParse(plan: Plan, allowErrors: boolean | undefined, show: (s: string) => void): void {
  const problems = formatParseProblems(plan);
  const errors = plan.diagnostics.filter((d) => d.severity === "error").length;
  if (!problems.length) return;
  const head = `计划解析提示 Parse problems: ${errors} 错误 errors, ${problems.length - errors} 警告 warnings（已写入“说明”工作表）`;
  if (errors && !allowErrors)
    throw new CliError(
      `${head}\n${problems.join("\n")}\n计划解析有错误，未写入台账。请核对原文后重试；确认无误仍要生成，请加 --allow-errors。\nThe plan has parse errors; nothing written. Check the plan, or add --allow-errors to go on.`,
      1,
    );
  show(`${head}\n${problems.join("\n")}`);
}
