/**
 * Diagnostics name places staff can find in the file they received: a line in a text file, the
 * paragraph's opening words in a Word document (which has no lines to count), the page and the opening
 * words in a PDF.
 */
import { diagnosticPlace, parsePlan, pdfToPlan, type PdfTextItem } from "../../../src/plan";

const PLAN = [
  "西岭县2023年乡村振兴重点任务清单",
  "",
  "一、产业发展",
  "",
  "1.发展特色种植业。新建茶园5000亩，6月底前完成。（牵头单位：县农业农村局；责任单位：各乡镇人民政府）",
  "",
  "2.培育龙头企业。新增龙头企业3家，年底前完成。（牵头单位：县农业农村局）",
  "",
  "2.推进农村电商发展。建设县级电商公共服务中心，下半年完成建设。（牵头单位：县商务局）",
].join("\n");

const duplicate = (text: string, source?: Parameters<typeof parsePlan>[1]) =>
  parsePlan(text, source).diagnostics.find((d) => d.code === "TASK_NUMBER_DUPLICATE")!;

test("a text file: the line, as Notepad counts it", () => {
  const d = duplicate(PLAN);
  expect(d.line).toBe(9);
  expect(diagnosticPlace(d)).toBe("第9行");
});

test("a Word document: the paragraph's opening words, its number left out (Word's lists do not type it)", () => {
  const d = duplicate(PLAN, { source: { kind: "docx" } });
  expect(diagnosticPlace(d)).toBe("段落“推进农村电商发展。建设县级电…”");
  expect(d.message).not.toMatch(/第\d+行/);
});

test("a PDF: the page the paragraph starts on and its opening words", () => {
  const items: PdfTextItem[][] = [[], []];
  const put = (page: number, str: string, y: number) =>
    items[page].push({ str, x: 40, y, width: [...str].length * 10, size: 10 });
  const lines = PLAN.split("\n").filter(Boolean);
  lines.slice(0, 3).forEach((l, k) => put(0, l, 780 - k * 20));
  lines.slice(3).forEach((l, k) => put(1, l, 780 - k * 20));
  const read = pdfToPlan(items.map((its) => ({ width: 1200, height: 842, items: its })));
  expect(read.source.pages).toEqual([1, 1, 1, 2, 2]);
  const d = duplicate(read.text, { source: read.source, notes: read.notes });
  expect(diagnosticPlace(d)).toBe("第2页“推进农村电商发展。建设县级电…”");
});

test("a diagnostic about the whole text has no place", () => {
  const p = parsePlan("只有一行说明文字", { source: { kind: "docx" } });
  const none = p.diagnostics.find((d) => d.code === "PLAN_NO_TASKS")!;
  expect(diagnosticPlace(none)).toBe("");
});
