/**
 * Plans as staff receive them: our plans written as Word documents by LibreOffice Writer (paragraphs, and
 * a table of tasks, with a running header and page numbers), turned into PDF by Writer, and the text
 * poppler's pdftotext copies out of those PDFs. Each is read by the compiled CLI (or the parser, for the
 * copied text) and scored field by field against the parse of the clean text.
 */
import { execFileSync, spawnSync } from "child_process";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import path from "path";
import { parsePlan, type Plan } from "../../src/plan";
import { fixture, seedText } from "../support/files";
import { scorePlan } from "../support/planScore";
import { cliEntry, requireEngine } from "./engines";
import { escapeHtml, makeFiles, planHtml, work, writer } from "./writer";

function cliParse(file: string): Plan {
  const r = spawnSync(process.execPath, [cliEntry(), "parse", file, "--json"], { encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`parse ${file} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Plan;
}

const pdftotext = (pdf: string) => {
  requireEngine("pdftoppm");
  return execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
};

interface Case {
  name: string;
  clean: string;
  html: () => string;
  /** Text copied out of a PDF table (pdftotext) is not read back into a table: not scored. */
  copied: boolean;
}

const textCase = (name: string, text: string): Case => ({
  name,
  clean: text,
  html: () => planHtml(text, parsePlan(text).title),
  copied: true,
});

const CASES: Case[] = [
  textCase("seed", seedText()),
  textCase("county", fixture("plans/county-digital-2023.txt")),
  textCase("harbor", fixture("plans/harbor-long-units.txt")),
  textCase("three-levels", fixture("plans/district-three-levels.txt")),
  textCase("bureau", fixture("plans/bureau-bracket-labels.txt")),
  {
    name: "lakeside-table",
    clean: fixture("plans/lakeside-task-table.txt"),
    html: () => fixture("plans/lakeside-task-table.html"),
    copied: false,
  },
  // Tables the way other offices set them: no borders and no cell padding (编号 | 重点工作 | 牵头单位 |
  // 配合单位 | 完成时间); a two-row header 责任分工 → 牵头单位 | 责任单位 with a merged 类别 column, cells
  // centred and a unit per line; one table per domain under its heading, without a 序号 column.
  ...["riverbend", "pinecrest", "maplewood"].map((plan) => ({
    name: `${plan}-table`,
    clean: fixture(`plans/${plan}-table.txt`),
    html: () => fixture(`plans/${plan}-table.html`),
    copied: false,
  })),
  {
    name: "seed-table",
    clean: seedText(),
    html: () => seedAsTable(parsePlan(seedText())),
    copied: false,
  },
];

/** The seed written as a table of tasks (a row per task, a spanning row per domain), as many offices do. */
function seedAsTable(plan: Plan): string {
  const rows: string[] = [];
  let domain = 0;
  for (const t of plan.tasks) {
    if (t.domainOrdinal !== domain) {
      domain = t.domainOrdinal;
      const d = plan.domains[domain - 1];
      rows.push(
        `<tr><td colspan="5">${escapeHtml(`${d.label}${d.name}〔领域牵头单位:${d.leadUnits.join("、")}〕`)}</td></tr>`,
      );
    }
    const cells = [
      String(t.id),
      `${t.title}。${t.body}`,
      t.leadUnits.join("、"),
      t.responsibleUnits.join("、"),
      "",
    ];
    rows.push(`<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`);
  }
  return `<html><head><meta charset="utf-8"></head><body><p>${escapeHtml(plan.title)}</p><p>时间:${plan.published}</p>
<p>二、主要任务</p><table border="1" width="100%" cellpadding="4">
<thead><tr><td>序号</td><td>主要任务</td><td>牵头单位</td><td>责任单位</td><td>完成时限</td></tr></thead>
${rows.join("\n")}</table><p>三、保障措施</p><p>各牵头单位每月报送进展情况。</p></body></html>`;
}

const scores: string[] = [];
afterAll(() =>
  console.log(`Plan file scores (field by field against the clean text):\n${scores.join("\n")}`),
);

describe.each(CASES)("$name", ({ name, clean: cleanText, html, copied: scoreCopied }) => {
  const clean = parsePlan(cleanText);
  let files: { docx: string; pdf: string };
  beforeAll(() => {
    files = makeFiles(name, html());
  });

  test("Word (.docx) parses to the same tasks, units, deadlines and domains (≥ 0.99)", () => {
    const got = cliParse(files.docx);
    const s = scorePlan(clean, got);
    scores.push(`${name}.docx ${s.score.toFixed(4)} (${s.correct}/${s.total})`);
    expect(s.score).toBeGreaterThanOrEqual(0.99);
    expect(got.domains.map((d) => d.name)).toEqual(clean.domains.map((d) => d.name));
  });

  test("PDF (and, for paragraphs, the text copied out of it) parses the same (≥ 0.97)", () => {
    const fromPdf = scorePlan(clean, cliParse(files.pdf));
    scores.push(`${name}.pdf ${fromPdf.score.toFixed(4)} (${fromPdf.correct}/${fromPdf.total})`);
    expect({ score: fromPdf.score >= 0.97, misses: fromPdf.misses.slice(0, 3) }).toMatchObject({
      score: true,
    });
    if (!scoreCopied) return;
    const copied = scorePlan(clean, parsePlan(pdftotext(files.pdf)));
    scores.push(`${name}.pdf → pdftotext ${copied.score.toFixed(4)} (${copied.correct}/${copied.total})`);
    expect({ score: copied.score >= 0.97, misses: copied.misses.slice(0, 3) }).toMatchObject({ score: true });
  });
});

test("the table of tasks: merged lead cells and a unit per line in a cell are read", () => {
  const got = cliParse(path.join(work, "lakeside-table", "lakeside-table.docx"));
  expect(got.tasks.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(got.tasks[1].leadUnits).toEqual(["区行政审批服务局"]);
  expect(got.tasks[0].responsibleUnits).toEqual(["区市场监督管理局", "区税务局"]);
  expect(got.tasks[5].deadlines.map((d) => d.date)).toEqual(["2023-09-30"]);
  expect(got.domains.map((d) => d.name)).toEqual(["政务服务领域", "要素保障领域"]);
});

test("a PDF without a text layer and a password-protected PDF are refused with what to do", () => {
  const dir = path.join(work, "refused");
  mkdirSync(dir, { recursive: true });
  // A page holding only a drawn rectangle, as a scan holds only a picture.
  const scan = path.join(dir, "scan.pdf");
  writeFileSync(scan, pdfWithoutText());
  const r = spawnSync(process.execPath, [cliEntry(), "parse", scan], { encoding: "utf8" });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("没有可读取的文字");
  expect(r.stderr).toContain("文字识别(OCR)");

  const source = path.join(dir, "locked.html");
  writeFileSync(source, planHtml("1.任务。〔牵头单位:A局〕", "计划"));
  writer([
    "--convert-to",
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}',
    "--outdir",
    dir,
    source,
  ]);
  const locked = path.join(dir, "locked.pdf");
  expect(readFileSync(locked).includes("/Encrypt")).toBe(true);
  const l = spawnSync(process.execPath, [cliEntry(), "parse", locked], { encoding: "utf8" });
  expect(l.status).toBe(2);
  expect(l.stderr).toContain("打开密码");
});

/** A one-page PDF whose only content is a filled rectangle. */
function pdfWithoutText(): Buffer {
  const content = "0.5 g 100 100 300 400 re f";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

test("tasks numbered by Word's own list numbering (not typed) are read as numbered tasks", () => {
  const html = `<html><head><meta charset="utf-8"></head><body>
<p>东湖区2024年营商环境工作要点</p><p>一、重点任务</p><p>（一）政务服务</p>
<ol><li>推进一网通办。6月底前完成。〔牵头单位：区审批局；责任单位：区数据局〕</li>
<li>深化一窗受理。〔牵头单位：区政务中心〕</li></ol>
<p>（二）要素保障</p>
<ol start="3"><li>降低用电成本。9月底前完成。〔牵头单位：区发改局〕</li></ol></body></html>`;
  const got = cliParse(makeFiles("word-list", html).docx);
  expect(got.tasks.map((t) => [t.id, t.title, t.leadUnits.join("、"), t.domain])).toEqual([
    [1, "推进一网通办", "区审批局", "政务服务"],
    [2, "深化一窗受理", "区政务中心", "政务服务"],
    [3, "降低用电成本", "区发改局", "要素保障"],
  ]);
});
