export * from "./types";
export { parsePlan, type ParseOptions } from "./parse";
export { decodePlanBytes, foldLookalikes, mixedEncodingNotes, UnreadablePlanError } from "./text";
export { checkExtracted, planFileKind, unreadableBecause, type PlanFileKind } from "./fileKind";
export { docxToPlanText, mammothBlocks, type DocxBlock, type DocxCell } from "./fromDocx";
export { pdfPageOf, pdfToPlan, pdfToPlanText, type PdfPage, type PdfTextItem } from "./fromPdf";
export { diagnosticPlace, placeOfLine, type PlanSource } from "./places";
