/**
 * The task pane in headless Chromium, as a browser preview (office.js cannot load here: no internet, no
 * Office host): generate → check → refresh the dashboard, with screenshots in test-output/.
 */
import { mkdirSync } from "fs";
import path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT } from "../support/files";
import { requireEngine } from "./engines";
import { serveAddin } from "./staticServer";

const SHOTS = path.join(ROOT, "test-output");
let browser: Browser;
let page: Page;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serveAddin();
  browser = await chromium.launch({
    executablePath: requireEngine("chromium"),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  // Office.js comes from Microsoft's CDN; this machine has no internet, as many intranet PCs do not.
  await page.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await page.goto(`${server.url}taskpane.html`);
  await page.waitForSelector("body[data-ready=preview]");
  expect(problems).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("generate: parse the bundled plan, see it, write the workbook", async () => {
  await expect(page.getByText("这是浏览器预览").isVisible()).resolves.toBe(true);
  await page.getByRole("button", { name: "解析计划" }).click();
  const result = page.getByTestId("parse-result");
  await result.waitFor();
  await expect(result.textContent()).resolves.toContain("已解析：16 个领域、118 项任务、28 个单位");
  await page.getByLabel("统计截止日期").first().fill("2022-09-30");
  await page.screenshot({ path: path.join(SHOTS, "1-parsed.png"), fullPage: true });
  await page.getByRole("button", { name: "生成台账" }).click();
  await page.getByText("台账已生成（6 个工作表）").waitFor();
  await page.screenshot({ path: path.join(SHOTS, "2-generated.png"), fullPage: true });
});

test("the preview shows the workbook; a cell can be typed into", async () => {
  await page.getByRole("tab", { name: "工作簿预览" }).click();
  await page.getByRole("tab", { name: "任务台账" }).click();
  const grid = page.getByTestId("preview-grid");
  await expect(grid.getAttribute("data-sheet")).resolves.toBe("任务台账");
  await expect(grid.locator("td[data-address=C2]").textContent()).resolves.toBe("强化企业开办“4012”品牌效应");
  for (const [address, value] of [
    ["E2", "行政审批部"],
    ["J3", "已办结"],
    ["L4", "2022/8/1"],
  ]) {
    page.once("dialog", (d) => d.accept(value));
    await grid.locator(`td[data-address=${address}]`).dblclick();
    await page.waitForFunction(
      ([a, v]) => document.querySelector(`td[data-address=${a}]`)?.textContent === v,
      [address, value],
    );
  }
  await page.screenshot({ path: path.join(SHOTS, "3-preview.png"), fullPage: true });
});

test("check: issues grouped by severity, a click selects the cell", async () => {
  await page.getByRole("tab", { name: "校验" }).click();
  await page.getByRole("button", { name: "校验台账" }).click();
  const errors = page.getByTestId("issues-error");
  await errors.waitFor();
  await expect(errors.textContent()).resolves.toContain(
    "“行政审批部”不在单位名录中，是否应为“行政审批服务部”",
  );
  await expect(page.getByTestId("issues-warning").textContent()).resolves.toContain("建议改为“已完成”");
  await page.getByRole("button", { name: "标出问题单元格" }).click();
  await page.getByText(/已标出 \d+ 个单元格/).waitFor();
  await errors.getByText("E2", { exact: true }).click();
  await page.screenshot({ path: path.join(SHOTS, "4-check.png"), fullPage: true });
  await page.getByRole("button", { name: "清除标记" }).click();
  await page.getByText(/已恢复 \d+ 个单元格原来的颜色/).waitFor();
});

test("update on a workbook with a ledger: changes shown first, entries kept", async () => {
  await page.getByRole("tab", { name: "生成台账" }).click();
  await page.getByRole("button", { name: "解析计划" }).click();
  await page.getByRole("button", { name: "更新台账" }).click();
  const preview = page.getByTestId("update-preview");
  await preview.waitFor();
  await expect(preview.textContent()).resolves.toContain("任务：新增 0 项，移除 0 项");
  await page.waitForTimeout(400); // let the dialog finish fading in for the screenshot
  await page.screenshot({ path: path.join(SHOTS, "4b-update-confirm.png"), fullPage: true });
  await page.getByRole("button", { name: "确认更新" }).click();
  await page.getByText("台账已更新，所有填写内容已核对无误。").waitFor();
  await page.getByRole("tab", { name: "工作簿预览" }).click();
  await page.getByRole("tab", { name: "任务台账" }).click();
  const grid = page.getByTestId("preview-grid");
  await expect(grid.locator("td[data-address=E2]").textContent()).resolves.toBe("行政审批部");
  await expect(grid.locator("td[data-address=L4]").textContent()).resolves.toBe("2022/8/1");
});

test("dashboard: set the as-of date and refresh", async () => {
  await page.getByRole("tab", { name: "仪表盘" }).first().click();
  const panel = page.locator("div.panel").nth(2);
  await panel.getByLabel("统计截止日期").fill("2022-09-30");
  await page.getByRole("button", { name: "写入统计截止日期" }).click();
  await page.getByText("统计截止日期已设为 2022-09-30").waitFor();
  await page.getByRole("button", { name: "刷新仪表盘" }).click();
  const kpi = page.getByTestId("kpi");
  await kpi.waitFor();
  const text = await kpi.textContent();
  expect(text).toContain("118任务总数");
  expect(text).toContain("48.0%序时进度"); // counted from the plan's publication, 2022-07-08
  expect(text).toMatch(/截至2022年9月30日，《.+》118项任务已完成0项/);
  await page.screenshot({ path: path.join(SHOTS, "5-dashboard.png"), fullPage: true });
});
