/**
 * The plan file staff pick in the pane: text is decoded here; the Word and PDF readers (mammoth, pdf.js)
 * are large, so they are loaded only when such a file is chosen (webpack puts each in a chunk of its own).
 * What they return is made plan text by the pure core, as on the command line.
 */
import {
  checkExtracted,
  decodePlanBytes,
  mixedEncodingNotes,
  docxToPlanText,
  mammothBlocks,
  pdfPageOf,
  pdfToPlan,
  planFileKind,
  unreadableBecause,
  type Diagnostic,
  type PdfPage,
  type PlanSource,
} from "../plan";

/** A picked file's plan text, and what reading it doubted (a PDF's tables) for the parse's diagnostics. */
export interface PlanFileText {
  text: string;
  notes: Diagnostic[];
  /** What the text was read from, so that diagnostics name places staff can find in the file. */
  source: PlanSource;
}

/** What the file picker accepts. */
export const PLAN_FILE_TYPES = ".txt,.docx,.pdf,text/plain,application/pdf";

async function docxText(bytes: Uint8Array): Promise<string> {
  const mammoth = await import(/* webpackChunkName: "word-reader" */ "mammoth");
  let body: unknown = null;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  await mammoth.convertToHtml({ arrayBuffer: buffer }, {
    transformDocument: (doc: unknown) => {
      body = doc;
      return doc;
    },
  } as Parameters<typeof mammoth.convertToHtml>[1]);
  return docxToPlanText(mammothBlocks(body));
}

async function pdfText(bytes: Uint8Array): Promise<PlanFileText> {
  const [pdfjs, worker] = await Promise.all([
    import(/* webpackChunkName: "pdf-reader" */ "pdfjs-dist/legacy/build/pdf.mjs"),
    import(/* webpackChunkName: "pdf-reader-worker" */ "pdfjs-dist/legacy/build/pdf.worker.mjs"),
  ]);
  // pdf.js runs its worker code on the page when it finds it here: no worker file to host or configure.
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
  const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      pages.push(pdfPageOf(page.getViewport({ scale: 1 }), (await page.getTextContent()).items));
      page.cleanup();
    }
    return pdfToPlan(pages);
  } finally {
    await doc.destroy();
  }
}

/** The plan text of a picked file; an UnreadablePlanError says what to save the file as otherwise. */
export async function planTextOfFile(file: File): Promise<PlanFileText> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = planFileKind(bytes, file.name);
  if (kind === "text") {
    const decoded = decodePlanBytes(bytes);
    return { text: decoded.text, notes: mixedEncodingNotes(decoded), source: { kind: "text" } };
  }
  let read: PlanFileText;
  try {
    read =
      kind === "docx"
        ? { text: await docxText(bytes), notes: [], source: { kind: "docx" } }
        : await pdfText(bytes);
  } catch (err) {
    throw unreadableBecause(kind, err);
  }
  checkExtracted(kind, read.text);
  return read;
}
