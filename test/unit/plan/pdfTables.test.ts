/**
 * Tables of tasks in a PDF read from the text's positions alone, whether or not the table has borders:
 * cells without padding that touch, tables without a 序号 column, one table per domain under its heading,
 * a group name set between the two unit columns it covers. Pages built from positioned pieces of text,
 * as pdf.js gives them.
 */
import { parsePlan, pdfToPlan, pdfToPlanText, type PdfTextItem } from "../../../src/plan";

type Page = { width: number; height: number; items: PdfTextItem[] };

function page(): { page: Page; put: (str: string, x: number, y: number) => void } {
  const items: PdfTextItem[] = [];
  const put = (str: string, x: number, y: number) =>
    items.push({ str, x, y, width: str.length * 10, size: 10 });
  return { page: { width: 595, height: 842, items }, put };
}

const summary = (text: string) =>
  parsePlan(text).tasks.map((t) => [
    t.id,
    t.domain,
    t.title,
    t.leadUnits,
    t.responsibleUnits,
    t.deadlines[0].date,
  ]);

test("a table without borders or padding: touching cells of a row are told apart, rows by their numbers", () => {
  const { page: p, put } = page();
  put("东川区2024年重点工作安排", 150, 790);
  put("一、主要任务", 40, 770);
  // Columns: 编号 40–70 | 重点工作 70–230 | 牵头单位 230–310 | 配合单位 310–410 | 完成时间 410–500.
  [
    ["编号", 40],
    ["重点工作", 70],
    ["牵头单位", 230],
    ["配合单位", 310],
    ["完成时间", 410],
  ].forEach(([s, x]) => put(s as string, x as number, 750));
  put("（一）城市建设", 40, 736);
  // Every line 14 below the last: no gap between rows; the texts fill their cells to the next column.
  const rows: [string[], string[], string[], string][] = [
    [["改造老旧小区。完成改造小区三十个"], ["区住房和城乡建设", "局"], ["区财政局"], "2024年9月底前"],
    [["建设口袋公园。新建公园", "二十个。"], ["区城市管理局"], ["区自然资源分局"], "2024年10月底前"],
    [["打通断头路。打通道路六", "条。"], ["区交通运输局"], ["区公安分局"], "2024年11月底前"],
  ];
  let y = 722;
  rows.forEach(([title, lead, resp, deadline], r) => {
    put(String(r + 1), 40, y);
    title.forEach((t, k) => put(t, 70, y - k * 14));
    lead.forEach((t, k) => put(t, 230, y - k * 14));
    resp.forEach((t, k) => put(t, 310, y - k * 14));
    put(deadline, 410, y);
    y -= 14 * Math.max(title.length, lead.length, resp.length);
  });
  expect(summary(pdfToPlanText([p]))).toEqual([
    [1, "城市建设", "改造老旧小区", ["区住房和城乡建设局"], ["区财政局"], "2024-09-30"],
    [2, "城市建设", "建设口袋公园", ["区城市管理局"], ["区自然资源分局"], "2024-10-31"],
    [3, "城市建设", "打通断头路", ["区交通运输局"], ["区公安分局"], "2024-11-30"],
  ]);
});

test("a table without a 序号 column numbers its rows in order; cells centred beside the task", () => {
  const { page: p, put } = page();
  put("西山县2025年民生实事清单", 150, 790);
  put("一、主要任务", 40, 770);
  [
    ["主要任务", 80],
    ["牵头单位", 250],
    ["责任单位", 350],
    ["完成时限", 460],
  ].forEach(([s, x]) => put(s as string, x as number, 750));
  // Task cells of three lines, the other cells one line centred beside them; rows 40 apart.
  const rows: [string[], string, string, string][] = [
    [["新建幼儿园。新建公办", "幼儿园两所，新增学位", "六百个。"], "县教育局", "县财政局", "2025年8月底前"],
    [["改造农贸市场。完成两", "个市场标准化改造。"], "县商务局", "县市场监督管理局", "2025年6月底前"],
  ];
  let top = 720;
  for (const [task, lead, resp, deadline] of rows) {
    task.forEach((t, k) => put(t, 40, top - k * 14));
    const middle = top - ((task.length - 1) * 14) / 2;
    put(lead, 250, middle);
    put(resp, 350, middle);
    put(deadline, 460, middle);
    top -= task.length * 14 + 26;
  }
  expect(summary(pdfToPlanText([p]))).toEqual([
    [1, "主要任务", "新建幼儿园", ["县教育局"], ["县财政局"], "2025-08-31"],
    [2, "主要任务", "改造农贸市场", ["县商务局"], ["县市场监督管理局"], "2025-06-30"],
  ]);
});

test("one table per domain: each table's domain is the heading above it, and tables do not run together", () => {
  const { page: p, put } = page();
  put("北湖街道2024年工作要点", 150, 800);
  let y = 770;
  const tables: [string, [string, string, string][]][] = [
    [
      "（一）教育医疗",
      [
        ["扩充学位。新增学位一千个。", "区教育局", "2024年8月底前"],
        ["建设卫生站。新建两个。", "区卫生健康局", "2024年11月底前"],
      ],
    ],
    ["（二）就业保障", [["举办招聘会。全年十二场。", "区人力资源和社会保障局", "2024年12月底前"]]],
  ];
  for (const [heading, rows] of tables) {
    put(heading, 40, y);
    y -= 30;
    put("序号", 40, y);
    put("重点任务", 90, y);
    put("牵头单位", 300, y);
    put("完成时限", 470, y);
    y -= 30;
    rows.forEach(([task, lead, deadline], r) => {
      put(String(r + 1), 45, y);
      put(task, 90, y);
      put(lead, 300, y);
      put(deadline, 470, y);
      y -= 30;
    });
    y -= 10;
  }
  expect(summary(pdfToPlanText([p]))).toEqual([
    [1, "教育医疗", "扩充学位", ["区教育局"], [], "2024-08-31"],
    [2, "教育医疗", "建设卫生站", ["区卫生健康局"], [], "2024-11-30"],
    [3, "就业保障", "举办招聘会", ["区人力资源和社会保障局"], [], "2024-12-31"],
  ]);
});

test("a group name set between the unit columns it covers (责任分工, a row above them) is no column", () => {
  const { page: p, put } = page();
  put("南江县2024年工作要点", 150, 790);
  put("责任分工", 290, 752);
  put("序号", 40, 740);
  put("重点任务", 90, 740);
  put("完成时限", 480, 740);
  // `牵头单位` ends left of `责任分工`, `责任单位` starts right of it: the name overlaps neither.
  put("牵头单位", 240, 724);
  put("责任单位", 340, 724);
  put("1", 45, 690);
  put("推进光纤入村。", 90, 690);
  put("县通信办", 240, 690);
  put("县交通运输局", 340, 690);
  put("6月底前", 480, 690);
  expect(summary(pdfToPlanText([p]))).toEqual([
    [1, "主要任务", "推进光纤入村", ["县通信办"], ["县交通运输局"], "2024-06-30"],
  ]);
});

test("a row broken by a page: every cell in the band at the next page's top goes on that row, the cells below the gap are the next row's", () => {
  const header = (put: (s: string, x: number, y: number) => void, y: number) =>
    [
      ["序号", 40],
      ["重点任务", 70],
      ["牵头单位", 230],
      ["责任单位", 330],
      ["完成时限", 450],
    ].forEach(([s, x]) => put(s as string, x as number, y));
  const one = page();
  one.put("南岗区2025年重点任务清单", 150, 800);
  header(one.put, 770);
  // Row 1, centred cells (lines 14 apart, 26 between rows).
  ["提升政务服务。推行", "一网通办和一窗受理", "。"].forEach((t, k) => one.put(t, 70, 740 - k * 14));
  one.put("1", 40, 726);
  one.put("区政务服务中心", 230, 726);
  ["区公安分局", "区民政局"].forEach((t, k) => one.put(t, 330, 733 - k * 14));
  one.put("2025年6月底前", 450, 726);
  // Row 2 starts after a gap and breaks at the page's foot: its units go on at the next page's top.
  ["优化营商环境。开展", "涉企检查统筹，建立"].forEach((t, k) => one.put(t, 70, 686 - k * 14));
  one.put("2", 40, 679);
  one.put("区司法局", 230, 679);
  ["区市场监督管理局", "区税务局"].forEach((t, k) => one.put(t, 330, 686 - k * 14));
  one.put("2025年9月底前", 450, 679);
  const two = page();
  header(two.put, 800);
  ["清单制度。"].forEach((t, k) => two.put(t, 70, 770 - k * 14));
  two.put("区人力资源和社会保障局", 330, 770);
  // Row 3 (after the gap): its title starts high, its units lower (centred), its number between.
  ["强化要素保障。保障", "重点项目用地需求。", "按季度调度。"].forEach((t, k) =>
    two.put(t, 70, 744 - k * 14),
  );
  two.put("3", 40, 730);
  two.put("区自然资源分局", 230, 730);
  two.put("区发展和改革局", 330, 730);
  two.put("年底前", 450, 730);
  const got = parsePlan(pdfToPlanText([one.page, two.page])).tasks.map((t) => [
    t.id,
    t.title,
    t.leadUnits,
    t.responsibleUnits,
  ]);
  expect(got).toEqual([
    [1, "提升政务服务", ["区政务服务中心"], ["区公安分局", "区民政局"]],
    [2, "优化营商环境", ["区司法局"], ["区市场监督管理局", "区税务局", "区人力资源和社会保障局"]],
    [3, "强化要素保障", ["区自然资源分局"], ["区发展和改革局"]],
  ]);
});

/** A bordered table on one page: rows 14 apart within a cell, 26 between rows; numbers as given. */
function simpleTable(numbers: string[]): Page {
  const { page: p, put } = page();
  put("北塘区2025年重点任务", 150, 800);
  [
    ["序号", 40],
    ["重点任务", 70],
    ["牵头单位", 230],
    ["责任单位", 330],
    ["完成时限", 450],
  ].forEach(([s, x]) => put(s as string, x as number, 770));
  let y = 744;
  numbers.forEach((n, k) => {
    put(`任务${"甲乙丙丁戊"[k]}的内容。`, 70, y);
    if (n) put(n, 40, y);
    put("区发展和改革局", 230, y);
    put("区财政局", 330, y);
    put("2025年6月底前", 450, y);
    y -= 40;
  });
  return p;
}

test("a PDF table read cleanly carries no doubt; rows whose numbers do not run on are reported with the page", () => {
  const clean = pdfToPlan([simpleTable(["1", "2", "3", "4"])]);
  expect(clean.notes).toEqual([]);
  // The third row's number was not in the text layer (drawn as a picture): the rows run 1, 2, 4, 5.
  const lost = pdfToPlan([page().page, simpleTable(["1", "2", "", "4", "5"])]);
  expect(lost.notes).toHaveLength(1);
  expect(lost.notes[0]).toMatchObject({ severity: "warning", code: "PDF_TABLE_DOUBTFUL" });
  expect(lost.notes[0].message).toContain("PDF 第2页的任务表格可能没有读对");
  expect(lost.notes[0].message).toContain("表格在此中断");
  // A number misread: 1, 2, 8, 4.
  const misread = pdfToPlan([simpleTable(["1", "2", "8", "4"])]);
  expect(misread.notes.map((n) => n.message)).toEqual([expect.stringContaining("序号不连续（1、2、8、4）")]);
  // The parse carries the reading's doubts with its own diagnostics (build and update show them and
  // write them into 说明).
  const plan = parsePlan(lost.text, { notes: lost.notes });
  expect(plan.diagnostics.filter((d) => d.code === "PDF_TABLE_DOUBTFUL")).toHaveLength(1);
});

test("a PDF page with a task table's header but no rows read is reported", () => {
  const { page: p, put } = page();
  put("北塘区2025年重点任务", 150, 800);
  [
    ["序号", 40],
    ["重点任务", 70],
    ["牵头单位", 230],
    ["责任单位", 330],
    ["完成时限", 450],
  ].forEach(([s, x]) => put(s as string, x as number, 770));
  put("本表任务另行印发。", 40, 700);
  const got = pdfToPlan([p]);
  expect(got.notes.map((n) => n.code)).toEqual(["PDF_TABLE_DOUBTFUL"]);
  expect(got.notes[0].message).toContain("没有读出表格中的任务");
});
