/** A misread table is never silent: glued or fused unit names and a missing lead column are warned. */
import { parsePlan, pdfToPlanText, type PdfTextItem } from "../../../src/plan";

const warnings = (text: string) =>
  parsePlan(text)
    .diagnostics.filter((d) => d.severity === "warning")
    .map((d) => [d.code, d.message]);

const HEAD = "南江县2024年工作要点\n一、重点任务\n";

test("units run together, or one inside another, are named in a warning", () => {
  const w = warnings(
    HEAD +
      "1.甲任务。9月底前完成。（牵头单位：县交通运输局县水利局）\n" +
      "2.乙任务。9月底前完成。（牵头单位：县发展和改革委员县大数据发展局会；责任单位：县大数据发展局）\n" +
      "3.丙任务。9月底前完成。（牵头单位：牵头单位责任单位）\n",
  );
  const suspect = w.find(([code]) => code === "UNITS_SUSPECT")![1];
  expect(suspect).toContain("“县交通运输局县水利局”（任务1）");
  expect(suspect).toContain("“县发展和改革委员县大数据发展局会”（任务2）");
  expect(suspect).toContain("“牵头单位责任单位”（任务3）");
  expect(suspect).not.toContain("“县大数据发展局”");
});

test("a plan where most tasks have helpers but no lead is warned", () => {
  const tasks = [1, 2, 3, 4].map((n) => `${n}.任务${n}。9月底前完成。（责任单位：县财政局）`).join("\n");
  expect(warnings(HEAD + tasks).map(([code]) => code)).toContain("TASKS_MOSTLY_NO_LEAD");
});

test("ordinary unit names raise nothing", () => {
  const text =
    HEAD +
    "1.甲任务。9月底前完成。（牵头单位：县人民政府办公室；责任单位：县市场监督管理局、各乡镇人民政府）\n" +
    "2.乙任务。9月底前完成。（牵头单位：县公安局交通警察大队；责任单位：中国移动南江分公司）\n";
  expect(warnings(text)).toEqual([]);
});

/** A PDF page of a task table whose 责任单位 cells hold one unit per line, each filling the column. */
function tablePage(twoRowHeader = false): { width: number; height: number; items: PdfTextItem[] } {
  const items: PdfTextItem[] = [];
  const put = (str: string, x: number, y: number, width = str.length * 10) =>
    items.push({ str, x, y, width, size: 10 });
  put("南江县2024年工作要点", 150, 780);
  [
    ["序号", 40],
    ["重点任务", 80],
    ["完成时限", 500],
  ].forEach(([s, x]) => put(s as string, x as number, 740));
  // `责任分工` set over `牵头单位 | 责任单位`, or the two in the header's only row.
  if (twoRowHeader) put("责任分工", 270, 748, 160);
  put("牵头单位", 260, twoRowHeader ? 730 : 740);
  put("责任单位", 380, twoRowHeader ? 730 : 740);
  const rows: [string, string, string[], string][] = [
    ["推进光纤入村", "县通信办", ["县交通运输局", "县住房城乡建设局"], "6月底前"],
    ["建设服务站点", "县商务局", ["县农业农村局", "县市场监督管理局"], "9月底前"],
  ];
  rows.forEach(([title, lead, units, deadline], r) => {
    const y = 700 - r * 60;
    put(String(r + 1), 45, y);
    put(title, 80, y);
    put(lead, 260, y);
    units.forEach((u, k) => put(u, 380, y - k * 14));
    put(deadline, 500, y);
  });
  return { width: 595, height: 842, items };
}

test("in a PDF table, units one per line that fill the column are told apart", () => {
  const p = parsePlan(pdfToPlanText([tablePage()]));
  expect(p.tasks.map((t) => [t.leadUnits, t.responsibleUnits])).toEqual([
    [["县通信办"], ["县交通运输局", "县住房城乡建设局"]],
    [["县商务局"], ["县农业农村局", "县市场监督管理局"]],
  ]);
});

test("a PDF table with a two-row header (责任分工 over 牵头单位 | 责任单位) keeps both unit columns", () => {
  const p = parsePlan(pdfToPlanText([tablePage(true)]));
  expect(p.tasks.map((t) => [t.title, t.leadUnits, t.responsibleUnits])).toEqual([
    ["推进光纤入村", ["县通信办"], ["县交通运输局", "县住房城乡建设局"]],
    ["建设服务站点", ["县商务局"], ["县农业农村局", "县市场监督管理局"]],
  ]);
});
