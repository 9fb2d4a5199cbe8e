import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";

test("parse --json on the bundled plan gives the documented keys", async () => {
  const { code, stdout } = await runCli(["parse", "--json"]);
  expect(code).toBe(0);
  const plan = JSON.parse(stdout);
  expect(Object.keys(plan)).toEqual(
    expect.arrayContaining(["title", "published", "year", "domains", "tasks", "units", "diagnostics"]),
  );
  expect(plan.domains).toHaveLength(16);
  expect(plan.tasks).toHaveLength(118);
  expect(plan.domains[0]).toEqual(
    expect.objectContaining({ name: expect.any(String), leadUnits: ["行政审批服务部"] }),
  );
  expect(plan.tasks[11]).toEqual(
    expect.objectContaining({
      id: 12,
      domain: "工程建设项目审批领域",
      title: "统一规范审批标准",
      leadUnits: ["行政审批服务部", "自然资源和规划分局"],
      responsibleUnits: [],
      targets: [],
    }),
  );
  expect(plan.tasks[11].deadlines[0]).toEqual(
    expect.objectContaining({ date: "2022-07-31", text: "7月底前", inferred: false }),
  );
  expect(plan.units[0]).toEqual(expect.objectContaining({ name: "行政审批服务部", collective: false }));
  expect(plan.diagnostics[0]).toEqual(
    expect.objectContaining({ line: expect.any(Number), severity: "info", message: expect.any(String) }),
  );
});

test("parse prints a human summary", async () => {
  const { code, stdout } = await runCli(["parse"]);
  expect(code).toBe(0);
  expect(stdout).toContain("领域 Domains: 16    任务 Tasks: 118    单位 Units: 28");
  expect(stdout).toMatch(/2022-07 +11 个写明/);
});

test("a missing file exits 2 with a clear message; a legacy .doc too, saying what to save it as", async () => {
  const missing = await runCli(["parse", "/no/such/plan.txt"]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("文件不存在");
  const dir = mkdtempSync(path.join(tmpdir(), "pl-"));
  const doc = path.join(dir, "plan.doc");
  writeFileSync(doc, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
  const wrong = await runCli(["parse", doc]);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain("另存为");
  expect(wrong.stderr).toContain("Word 文档(*.docx)");
});

test("a plan with no tasks exits 1 and says so", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-"));
  const file = path.join(dir, "notes.txt");
  writeFileSync(file, "会议纪要\n今天讨论了工作安排。");
  const r = await runCli(["parse", file]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("没有找到编号的任务");
});

test("unknown options exit 2", async () => {
  const r = await runCli(["parse", "--bogus"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/unknown option/);
});
