/**
 * The pane's file picker with a Word document and a PDF of the seed plan (made by LibreOffice Writer):
 * the readers load only once such a file is chosen, and the plan parses as from its text.
 */
import path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import { parsePlan } from "../../src/plan";
import { seedText } from "../support/files";
import { requireEngine } from "./engines";
import { serveAddin } from "./staticServer";
import { makeFiles, planHtml } from "./writer";

let browser: Browser;
let page: Page;
let server: { url: string; close: () => Promise<void> };
const scripts: string[] = [];

beforeAll(async () => {
  server = await serveAddin();
  browser = await chromium.launch({
    executablePath: requireEngine("chromium"),
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  page.on(
    "request",
    (r) => r.resourceType() === "script" && scripts.push(path.basename(new URL(r.url()).pathname)),
  );
  await page.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await page.goto(`${server.url}taskpane.html`);
  await page.waitForSelector("body[data-ready=preview]");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("a .docx and a PDF picked in the pane parse to the seed's 16 domains and 118 tasks", async () => {
  const seed = seedText();
  const files = makeFiles("pane-seed", planHtml(seed, parsePlan(seed).title));
  expect(scripts.some((s) => /^(word-reader|pdf-reader)/.test(s))).toBe(false);
  await page.getByLabel("选择计划文件（Word .docx、PDF 或 .txt）").first().check();
  for (const [file, reader] of [
    [files.docx, "word-reader"],
    [files.pdf, "pdf-reader"],
  ] as const) {
    await page.locator("input[type=file]").setInputFiles(file);
    // Reading is asynchronous: parse again until the file's text has arrived (at most 30 s).
    const result = page.getByTestId("parse-result");
    let text = "";
    for (let i = 0; i < 60 && !text.includes("118 项任务"); i++) {
      await page.getByRole("button", { name: "解析计划" }).click();
      text = (await result.textContent({ timeout: 2000 }).catch(() => "")) ?? "";
      if (!text.includes("118 项任务")) await page.waitForTimeout(500);
    }
    expect(text).toContain("已解析：16 个领域、118 项任务、28 个单位");
    expect(scripts.some((s) => s.startsWith(reader))).toBe(true);
  }
});
