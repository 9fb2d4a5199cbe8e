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

const pdftotext = (pdf: string, ...options: string[]) => {
  requireEngine("pdftoppm");
  return execFileSync("pdftotext", [...options, pdf, "-"], { encoding: "utf8" });
};

interface Case {
  name: string;
  clean: string;
  html: () => string;
  /**
   * Text copied out of a PDF table: without its layout (pdftotext) it is refused; with it (-layout) it is
   * rebuilt (scored) or refused.
   */
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
  // Tables whose tall rows (narrow columns, a unit per line, cells centred) break across pages, with
  // columns the ledger does not take (具体措施 beside the task, 责任人, 备注), or without domains and
  // with a two-row header.
  tableCase("hillside", { extraColumns: true, domains: true }),
  tableCase("brookfield", { extraColumns: false, domains: false }),
];

interface TableTask {
  title: string;
  measures: string;
  lead: string[];
  resp: string[];
  deadline: string;
}

/** A plan of our own written twice: as clean text and as a Word table (see tableCase). */
function tableTasks(town: string): { domain: string; tasks: TableTask[] }[] {
  const u = (s: string) => `${town}${s}`;
  const long = (what: string) =>
    `${what}，建立工作台账和月调度机制，明确责任人和完成时限，对照目标逐项推进，按季度通报进展情况，确保各项措施落地见效`;
  return [
    {
      domain: "优化政务服务",
      tasks: [
        {
          title: "推行企业开办一日办结",
          measures: long("整合登记、刻章、税务和社保事项"),
          lead: [u("行政审批局")],
          resp: [u("市场监督管理局"), u("税务局"), u("人力资源和社会保障局")],
          deadline: "2025年6月底前",
        },
        {
          title: "深化工程建设项目审批改革",
          measures: long("推行告知承诺和容缺受理"),
          lead: [u("住房和城乡建设局")],
          resp: [u("自然资源局"), u("生态环境分局")],
          deadline: "第三季度末前",
        },
        {
          title: "建设政务服务便民驿站",
          measures: long("在各镇街建设便民驿站"),
          lead: [u("政务服务中心")],
          resp: ["各镇人民政府", "各街道办事处"],
          deadline: "2025年9月30日前",
        },
      ],
    },
    {
      domain: "强化要素保障",
      tasks: [
        {
          title: "保障重点项目用地",
          measures: long("开展批而未供土地清理处置"),
          lead: [u("自然资源局")],
          resp: [u("发展和改革局"), u("财政局"), u("农业农村局")],
          deadline: "2025年10月底前",
        },
        {
          title: "降低企业用能成本",
          measures: long("推进电力接入工程费用分担"),
          lead: [u("发展和改革局")],
          resp: ["国网供电公司", u("工业和信息化局")],
          deadline: "年底前",
        },
        {
          title: "拓宽企业融资渠道",
          measures: long("组织银企对接活动"),
          lead: [u("金融服务中心")],
          resp: [u("财政局"), "人民银行支行", u("工业和信息化局")],
          deadline: "2025年11月底前",
        },
        {
          title: "加强人才服务保障",
          measures: long("落实人才安居和子女入学政策"),
          lead: [u("人才工作领导小组办公室")],
          resp: [u("教育局"), u("人力资源和社会保障局")],
          deadline: "2025年12月31日前",
        },
      ],
    },
  ];
}

/** A generated table plan: the clean text and the Word table (cells centred, a unit per line). */
function tableCase(town: string, opts: { extraColumns: boolean; domains: boolean }): Case {
  const name = { hillside: "青山县", brookfield: "溪口区" }[town] ?? town;
  const groups = tableTasks(name);
  const title = `${name}2025年营商环境提升重点任务清单`;
  const clean: string[] = [title, "", "一、主要任务"];
  const rows: string[] = [];
  const td = (s: string) => `<td valign="middle">${s}</td>`;
  const lines = (xs: string[]) => xs.map((x) => `<p>${escapeHtml(x)}</p>`).join("");
  let n = 0;
  groups.forEach((g, k) => {
    if (opts.domains) {
      clean.push(`（${["一", "二"][k]}）${g.domain}`);
      rows.push(
        `<tr><td colspan="${opts.extraColumns ? 8 : 6}">（${["一", "二"][k]}）${escapeHtml(g.domain)}</td></tr>`,
      );
    }
    for (const t of g.tasks) {
      n++;
      clean.push(
        `${n}.${t.title}。${t.measures}。完成时限：${t.deadline}。〔牵头单位：${t.lead.join("、")}；责任单位：${t.resp.join("、")}〕`,
      );
      const cells = opts.extraColumns
        ? [
            String(n),
            escapeHtml(t.title),
            escapeHtml(t.measures),
            lines(t.lead),
            lines(t.resp),
            "张某某",
            escapeHtml(t.deadline),
            "按月报送",
          ]
        : [
            String(n),
            `${escapeHtml(t.title)}。${escapeHtml(t.measures)}。`,
            lines(t.lead),
            lines(t.resp),
            escapeHtml(t.deadline),
            "",
          ];
      rows.push(`<tr>${cells.map(td).join("")}</tr>`);
    }
  });
  const head = opts.extraColumns
    ? `<tr>${["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "责任人", "完成时限", "备注"].map(td).join("")}</tr>`
    : `<tr><td rowspan="2">序号</td><td rowspan="2">重点任务</td><td colspan="2">责任分工</td><td rowspan="2">完成时限</td><td rowspan="2">备注</td></tr><tr><td>牵头单位</td><td>责任单位</td></tr>`;
  const widths = opts.extraColumns ? [6, 12, 26, 13, 15, 8, 12, 8] : [7, 40, 15, 18, 12, 8];
  const html = `<html><head><meta charset="utf-8"></head><body>
<div title="header"><p>${escapeHtml(name)}人民政府办公室</p></div>
<p>${escapeHtml(title)}</p><p>一、主要任务</p>
<table border="1" cellpadding="6" cellspacing="0" width="100%">${widths.map((w) => `<col width="${w}%">`).join("")}
<thead>${head}</thead><tbody>${rows.join("\n")}</tbody></table>
<p>各牵头单位每月20日前报送工作进展。</p>
<div title="footer"><p>— <sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield> —</p></div>
</body></html>`;
  return { name: `${town}-table`, clean: clean.join("\n"), html: () => html, copied: false };
}

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
    if (!scoreCopied) {
      // A table copied out of the PDF as text has lost its columns: the parse says so and stops.
      const copiedTable = parsePlan(pdftotext(files.pdf));
      expect(copiedTable.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toContain(
        "PLAN_TABLE_COPIED_FROM_PDF",
      );
      // Copied with its layout (columns side by side): rebuilt and said so, or refused — never misread.
      const laid = parsePlan(pdftotext(files.pdf, "-layout"));
      const codes = laid.diagnostics.map((d) => d.code);
      if (codes.includes("PLAN_TABLE_COPIED_FROM_PDF")) {
        scores.push(`${name}.pdf → pdftotext -layout refused`);
        return;
      }
      const rebuilt = scorePlan(clean, laid);
      scores.push(
        `${name}.pdf → pdftotext -layout ${rebuilt.score.toFixed(4)} (${rebuilt.correct}/${rebuilt.total})`,
      );
      expect(codes).toContain("PLAN_TABLE_REBUILT");
      expect({ score: rebuilt.score >= 0.97, misses: rebuilt.misses.slice(0, 3) }).toMatchObject({
        score: true,
      });
      return;
    }
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
