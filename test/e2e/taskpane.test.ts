/**
 * The task pane in headless Chromium, as a browser preview (office.js cannot load here: no internet, no
 * Office host): generate → check → refresh the dashboard, with screenshots in test-output/.
 */
import { mkdirSync, readdirSync, readFileSync } from "fs";
import path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT } from "../support/files";
import { requireEngine } from "./engines";
import { serveAddin } from "./staticServer";
import { stringsFor } from "../../src/taskpane/i18n";

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
  await page.getByText("台账已生成（7 个工作表）").waitFor();
  await page.screenshot({ path: path.join(SHOTS, "2-generated.png"), fullPage: true });
});

test("the preview grid works with the keyboard alone: arrows move, Enter/F2 or typing edits, Esc cancels", async () => {
  await page.getByRole("tab", { name: "工作簿预览" }).click();
  await page.getByRole("tab", { name: "任务台账" }).click();
  const grid = page.getByRole("grid", { name: "工作表“任务台账”的单元格" });
  await expect(grid.getAttribute("data-sheet")).resolves.toBe("任务台账");
  await expect(grid.getAttribute("aria-describedby")).resolves.toBeTruthy();
  await expect(grid.locator("td[data-address=C2]").textContent()).resolves.toBe("强化企业开办“4012”品牌效应");
  // From the sheet's tab, Tab enters the grid at its one tabbable cell.
  await page.keyboard.press("Tab");
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-address") ?? "");
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-address") === "A1");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe("none");
  const keys = async (...k: string[]) => {
    for (const key of k) await page.keyboard.press(key);
  };
  await keys("ArrowDown", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight");
  await expect(focused()).resolves.toBe("E2");
  // Enter edits (the editor is labelled with the cell), Enter keeps the entry and moves down, as in Excel.
  await keys("Enter");
  const editor = page.getByRole("textbox", { name: "编辑 任务台账!E2" });
  await expect(editor.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
  await keys("ControlOrMeta+a");
  await page.keyboard.type("行政审批部");
  await keys("Enter");
  await page.waitForFunction(
    () => document.querySelector("td[data-address=E2]")?.textContent === "行政审批部",
  );
  await expect(focused()).resolves.toBe("E3");
  // F2 edits what is there; Esc gives the cell back unchanged, focus stays on it.
  await keys("ArrowUp", "ArrowLeft", "ArrowLeft", "F2");
  await page.keyboard.type("（改）");
  await keys("Escape");
  await expect(grid.locator("td[data-address=C2]").textContent()).resolves.toBe("强化企业开办“4012”品牌效应");
  await expect(focused()).resolves.toBe("C2");
  await keys("ArrowDown", "End");
  const last = await focused();
  expect(last).toMatch(/^[P-Z]3$/);
  await keys("Home", ...Array(9).fill("ArrowRight"));
  await expect(focused()).resolves.toBe("J3");
  // Chinese comes through an input method, which sends no plain key: F2 (or Enter) first.
  await keys("F2", "ControlOrMeta+a");
  await page.keyboard.type("已办结");
  await keys("Enter", ...Array(2).fill("ArrowRight"));
  await expect(focused()).resolves.toBe("L4");
  // Typing replaces the entry; with an apostrophe it stays text, as Excel would otherwise make it a date.
  await page.keyboard.type("'2022/8/1");
  await keys("Enter");
  await page.waitForFunction(() => document.querySelector("td[data-address=L4]")?.textContent === "2022/8/1");
  // Opening that cell and leaving it unchanged writes nothing: the text is not converted into a date.
  await keys("ArrowUp", "F2", "Enter");
  await expect(focused()).resolves.toBe("L5");
  await expect(grid.locator("td[data-address=L4]").textContent()).resolves.toBe("2022/8/1");
  await page.getByRole("tab", { name: "校验" }).click();
  await page.getByRole("tab", { name: "工作簿预览" }).click();
  await expect(grid.locator("td[data-address=L4]").textContent()).resolves.toBe("2022/8/1");
  await expect(grid.locator("td[data-address=J3]").textContent()).resolves.toBe("已办结");
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
  await page.getByText(/标出 \d+ 个单元格/).waitFor();
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
  await page.getByText("计划没有变化，台账没有任何改动。").waitFor();
  await page.getByRole("tab", { name: "工作簿预览" }).click();
  await page.getByRole("tab", { name: "任务台账" }).click();
  const grid = page.getByTestId("preview-grid");
  await expect(grid.locator("td[data-address=E2]").textContent()).resolves.toBe("行政审批部");
  await expect(grid.locator("td[data-address=L4]").textContent()).resolves.toBe("2022/8/1");
});

test("dashboard: the field shows the workbook's date; one action writes a new one and refreshes", async () => {
  await page.getByRole("tab", { name: "仪表盘" }).first().click();
  const panel = page.locator("div.panel").nth(2);
  const field = panel.getByLabel("统计截止日期");
  await expect(field.inputValue()).resolves.toBe("2022-09-30");
  await field.fill("2022-10-31");
  await field.fill("2022-09-30");
  await page.getByRole("button", { name: "写入日期并刷新仪表盘" }).click();
  await page.getByText("统计截止日期已设为 2022-09-30").waitFor();
  const kpi = page.getByTestId("kpi");
  await kpi.waitFor();
  const text = await kpi.textContent();
  expect(text).toContain("118任务总数");
  expect(text).toContain("48.0%序时进度"); // counted from the plan's publication, 2022-07-08
  expect(text).toMatch(/截至2022年9月30日，《.+》118项任务已完成0项/);
  await page.screenshot({ path: path.join(SHOTS, "5-dashboard.png"), fullPage: true });
});

test("results belong to the input: changing the plan text drops the parsed plan", async () => {
  await page.getByRole("tab", { name: "生成台账" }).click();
  await page.getByRole("button", { name: "解析计划" }).click();
  await page.getByTestId("parse-result").waitFor();
  await page.getByLabel("粘贴计划全文").first().check();
  await expect(page.getByTestId("parse-result").count()).resolves.toBe(0);
});

/** Every view at 350 px, the pane's width in Excel: no sideways scrolling, and each result in view after its action. */
describe.each(["zh-CN", "en"])("at 350 px (%s)", (lang) => {
  const t = stringsFor(lang);
  /** A result message such as t.fixed(3), with any count. */
  const counted = (f: (n: number) => string) =>
    new RegExp(
      f(987654)
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        .replace("987654", "\\d+"),
    );
  let p: Page;
  const fits = async (view: string) => {
    const w = await p.evaluate(() => [
      document.scrollingElement!.scrollWidth,
      document.scrollingElement!.clientWidth,
    ]);
    expect([view, w[0] <= w[1]]).toEqual([view, true]);
  };
  const inView = async (view: string, text: string | RegExp) => {
    const el = p.getByText(text).first();
    await el.waitFor();
    await p.waitForTimeout(250); // the scroll into view is smooth in some engines
    const box = await el.boundingBox();
    const height = await p.evaluate(() => window.innerHeight);
    expect([view, box !== null && box.y >= 0 && box.y + box.height <= height]).toEqual([view, true]);
    await fits(view);
  };

  beforeAll(async () => {
    p = await browser.newPage({ viewport: { width: 350, height: 600 } });
    await p.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
    await p.goto(`${server.url}taskpane.html?lang=${lang}`);
    await p.waitForSelector("body[data-ready=preview]");
  });
  afterAll(() => p.close());

  test("first run, parse, generate", async () => {
    await expect(p.evaluate(() => document.documentElement.lang)).resolves.toBe(
      lang === "en" ? "en" : "zh-CN",
    );
    await p.getByText(t.firstRunTitle).waitFor();
    await fits("first run");
    // No ledger yet, so no as-of date in the workbook: the empty field says what to enter.
    await p.getByRole("tab", { name: t.tabDashboard, exact: true }).click();
    await expect(p.getByText(t.asOfEmptyHint).isVisible()).resolves.toBe(true);
    await fits("dashboard without a ledger");
    await p.getByRole("tab", { name: t.tabGenerate, exact: true }).click();
    await p.getByRole("button", { name: t.parse }).click();
    await p.getByTestId("parse-result").waitFor();
    await fits("parsed plan");
    await p.getByRole("button", { name: t.generate, exact: true }).click();
    await inView("generated", t.generated(7));
    await p.screenshot({ path: path.join(SHOTS, `6-narrow-generated-${lang}.png`) });
  });

  test("the preview grid: the page stays put, the grid scrolls in its box", async () => {
    await p.getByRole("tab", { name: t.tabPreview }).click();
    await p.getByRole("tab", { name: "任务台账" }).click();
    const grid = p.getByRole("grid");
    for (const [address, value] of [
      ["E2", "行政审批部"],
      ["J3", "已办结"],
    ]) {
      await grid.locator(`td[data-address=${address}]`).click();
      await p.keyboard.press("F2");
      await p.keyboard.press("ControlOrMeta+a");
      await p.keyboard.type(value);
      await p.keyboard.press("Enter");
    }
    await p.waitForFunction(() => document.querySelector("td[data-address=J3]")?.textContent === "已办结");
    await fits("preview grid");
    const wrap = await p.evaluate(() => {
      const w = document.querySelector(".grid-wrap")!;
      return [w.scrollWidth > w.clientWidth, w.getBoundingClientRect().right];
    });
    expect(wrap[0]).toBe(true);
    expect(wrap[1]).toBeLessThanOrEqual(350);
  });

  test("validate, highlight, fix: each result in view above the issue lists", async () => {
    await p.getByRole("tab", { name: t.tabValidate, exact: true }).click();
    await p.getByRole("button", { name: t.validate }).click();
    await p.getByTestId("issues-error").waitFor();
    await fits("issue lists");
    await p.getByRole("button", { name: t.highlight }).click();
    await inView("highlighted", counted(t.highlighted));
    await p.getByRole("button", { name: /--fix/ }).click();
    await inView("fixed", counted(t.fixed));
    await p.getByRole("button", { name: new RegExp(t.clearHighlight) }).click();
    await inView("cleared", counted(t.cleared));
    await p.screenshot({ path: path.join(SHOTS, `8-narrow-validate-${lang}.png`) });
  });

  test("dashboard: the refreshed figures and the message in view", async () => {
    await p.getByRole("tab", { name: t.tabDashboard, exact: true }).click();
    await p.getByLabel(t.asOf).last().fill("2022-09-30");
    await p.getByRole("button", { name: t.refresh }).click();
    await inView("dashboard refreshed", t.refreshed);
    await p.getByTestId("kpi").waitFor();
    await fits("dashboard figures");
  });

  test("update: the confirmation dialog fits, the result in view", async () => {
    await p.getByRole("tab", { name: t.tabGenerate, exact: true }).click();
    await p.getByRole("button", { name: t.parse }).click();
    await p.getByRole("button", { name: t.update }).click();
    const dialog = p.getByRole("dialog");
    await dialog.waitFor();
    await p.waitForTimeout(400);
    await fits("update dialog");
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(350);
    await p.getByRole("button", { name: t.confirm, exact: true }).click();
    // The bundled plan is the one the ledger was made from: the update writes nothing and says so.
    await inView("updated (nothing to change)", t.unchanged);
  });
});

test("inside Office with office.js blocked: an error that says what to do, not the preview", async () => {
  const p = await browser.newPage({ viewport: { width: 350, height: 600 } });
  await p.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await p.goto(`${server.url}taskpane.html?_host_Info=Excel$Win32$16.01$zh-CN$$$$0`);
  await p.waitForSelector("body[data-ready=failed]");
  await expect(p.getByRole("alert").textContent()).resolves.toContain(
    "无法加载 Office 的脚本库（office.js）",
  );
  await expect(p.getByText("这是浏览器预览").count()).resolves.toBe(0);
  await expect(p.evaluate(() => document.documentElement.lang)).resolves.toBe("zh-CN");
  // The same in an English Office: the message in English, and the page says so to screen readers.
  await p.goto(`${server.url}taskpane.html?_host_Info=Excel$Win32$16.01$en-US$$$$0`);
  await p.waitForSelector("body[data-ready=failed]");
  await expect(p.getByRole("alert").textContent()).resolves.toContain("could not be loaded");
  await expect(p.evaluate(() => document.documentElement.lang)).resolves.toBe("en");
  await p.close();
});

test("IE11 (Office 2016/2019 without WebView2): a Chinese notice of what to use instead", async () => {
  const ctx = await browser.newContext({
    userAgent: "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
  });
  const p = await ctx.newPage();
  await p.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await p.goto(`${server.url}taskpane.html`);
  await p.waitForSelector("body[data-ready=failed]");
  const text = await p.getByRole("alert").textContent();
  expect(text).toContain("Microsoft 365 或 Office 2021 及以上版本");
  expect(text).toContain("plan-ledger build");
  // Clear of the pane's edges (the body has no margin of its own).
  const padding = await p.getByRole("alert").evaluate((e) => getComputedStyle(e).paddingLeft);
  expect(parseFloat(padding)).toBeGreaterThanOrEqual(8);
  await ctx.close();
});

test("every script of the pane parses as ES2017 (EdgeHTML 18); the inline check as ES5 (IE11)", async () => {
  const acorn = await import("acorn");
  const dir = path.join(ROOT, "dist", "addin");
  const scripts = readdirSync(dir).filter((f) => f.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(2);
  // pdf.js keeps a dynamic import() (a path our pane never takes: its worker is handed over in memory), so
  // the PDF reader needs WebView2; EdgeHTML 18 gets a message saying what to do (see unreadableBecause).
  // So does the xlsx writer behind 分发 (BigInt literals, Unicode property escapes): the pane then says to use
  // `plan-ledger split`. Everything else, the pane itself and the Word reader included, parses as ES2017.
  const pdfReader = (f: string) => f.startsWith("pdf-reader") || f.startsWith("xlsx-writer");
  expect(scripts.filter(pdfReader)).toHaveLength(3);
  for (const f of scripts)
    expect([
      f,
      (() => {
        try {
          acorn.parse(readFileSync(path.join(dir, f), "utf8"), { ecmaVersion: pdfReader(f) ? 2020 : 2017 });
          return "ok";
        } catch (err) {
          return String(err);
        }
      })(),
    ]).toEqual([f, "ok"]);
  const html = readFileSync(path.join(dir, "taskpane.html"), "utf8");
  const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  expect(inline).toHaveLength(1);
  expect(() => acorn.parse(inline[0], { ecmaVersion: 5 })).not.toThrow();
});

test("dark theme: the pane follows it with Fluent's dark tokens", async () => {
  const ctx = await browser.newContext({ colorScheme: "dark", viewport: { width: 350, height: 700 } });
  const p = await ctx.newPage();
  await p.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await p.goto(`${server.url}taskpane.html`);
  await p.waitForSelector("body[data-ready=preview]");
  const [bg, fg] = await p.evaluate(() => {
    const s = getComputedStyle(document.querySelector(".app")!);
    return [s.backgroundColor, s.color];
  });
  const lum = (c: string) => {
    const [r, g, b] = c.match(/\d+/g)!.map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  expect(lum(bg)).toBeLessThan(64);
  expect(lum(fg)).toBeGreaterThan(192);
  await p.screenshot({ path: path.join(SHOTS, "7-dark.png"), fullPage: true });
  await ctx.close();
});

test("inside Office with the office.js CDN hanging: after 20 s a message says what to do", async () => {
  const p = await browser.newPage({ viewport: { width: 350, height: 600 } });
  // The request is never answered, as behind a firewall that drops it.
  await p.route("**/appsforoffice.microsoft.com/**", () => undefined);
  await p.goto(`${server.url}taskpane.html?_host_Info=Excel$Win32$16.01$zh-CN$$$$0`, { waitUntil: "commit" });
  await p.waitForSelector("[data-ready=failed]", { timeout: 25_000 });
  await expect(p.getByRole("alert").textContent()).resolves.toContain("在 20 秒内没有加载完成");
  await p.close();
}, 40_000);

test("safe fixes from the pane: the same normalisations as validate --fix, then checked again", async () => {
  await page.getByRole("tab", { name: "校验" }).click();
  await page.getByRole("button", { name: "校验台账" }).click();
  await page.getByTestId("issues-warning").waitFor();
  await page.getByRole("button", { name: /一键修正 \d+ 处/ }).click();
  await page.getByText(/已修正 \d+ 个单元格/).waitFor();
  await page.waitForFunction(
    () => !document.querySelector("[data-testid=issues-warning]")?.textContent?.includes("已办结"),
  );
  await expect(page.getByRole("button", { name: /一键修正/ }).count()).resolves.toBe(0);
  await page.screenshot({ path: path.join(SHOTS, "8-fixed.png"), fullPage: true });
});

test("without the ES2019+ built-ins EdgeHTML 18 lacks, the pane still parses, generates and validates", async () => {
  const ctx = await browser.newContext({ viewport: { width: 350, height: 700 } });
  // Office 2019's EdgeHTML 18 webview (and Safari 12) has none of these; the bundle must bring its own.
  await ctx.addInitScript(() => {
    const remove = (o: object, k: string) => delete (o as Record<string, unknown>)[k];
    remove(String.prototype, "matchAll");
    remove(String.prototype, "replaceAll");
    remove(String.prototype, "at");
    remove(Array.prototype, "flat");
    remove(Array.prototype, "flatMap");
    remove(Array.prototype, "at");
    remove(Array.prototype, "findLast");
    remove(Object, "fromEntries");
    remove(Object, "hasOwn");
    remove(Promise, "allSettled");
  });
  const p = await ctx.newPage();
  const problems: string[] = [];
  p.on("pageerror", (e) => problems.push(e.message));
  await p.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await p.goto(`${server.url}taskpane.html`);
  await p.waitForSelector("body[data-ready=preview]");
  await expect(p.evaluate(() => typeof Object.fromEntries)).resolves.toBe("function");
  await p.getByRole("button", { name: "解析计划" }).click();
  await expect(p.getByTestId("parse-result").textContent()).resolves.toContain(
    "已解析：16 个领域、118 项任务",
  );
  await p.getByRole("button", { name: "生成台账" }).click();
  await p.getByText("台账已生成（7 个工作表）").waitFor();
  await p.getByRole("tab", { name: "校验" }).click();
  await p.getByRole("button", { name: "校验台账" }).click();
  await p.getByText("未发现问题。").waitFor();
  await expect(p.getByText("操作失败").count()).resolves.toBe(0);
  expect(problems).toEqual([]);
  await ctx.close();
});

test("office.js loads but Office never gets ready; or office.js comes late: the 20 s note says what to do, and goes once the pane starts", async () => {
  const insideExcel = `${server.url}taskpane.html?_host_Info=Excel$Win32$16.01$zh-CN$$$$0`;
  // A proxy that lets office.js through but not the host files it loads next: Office.onReady never settles.
  const stuck = await browser.newPage({ viewport: { width: 350, height: 600 } });
  const officeJs = readFileSync(path.join(ROOT, "node_modules/@microsoft/office-js/dist/office.js"), "utf8");
  await stuck.route("**/appsforoffice.microsoft.com/**", (r) =>
    /\/hosted\/office\.js$/.test(r.request().url())
      ? r.fulfill({ body: officeJs, contentType: "text/javascript" })
      : r.abort(),
  );
  // A slow link: office.js (here a minimal Excel host) arrives after the 20 s note.
  const late = await browser.newPage({ viewport: { width: 350, height: 600 } });
  const host =
    "window.Office={HostType:{Excel:'Excel'},onReady:function(){return Promise.resolve({host:'Excel'})}," +
    "context:{displayLanguage:'zh-CN',requirements:{isSetSupported:function(){return true}}}};" +
    "window.Excel={run:function(){return Promise.reject(new Error('no workbook in this test'))}};";
  await late.route("**/appsforoffice.microsoft.com/**", (r) => {
    setTimeout(
      () => r.fulfill({ body: host, contentType: "text/javascript" }).catch(() => undefined),
      23_000,
    );
  });
  await Promise.all([stuck.goto(insideExcel), late.goto(insideExcel, { waitUntil: "commit" })]);

  await stuck.waitForSelector("body[data-ready=failed]", { timeout: 25_000 });
  const stuckNote = await stuck.getByRole("alert").textContent();
  expect(stuckNote).toContain("没有完成启动");
  expect(stuckNote).toContain("关闭并重新打开任务窗格");

  await late.waitForSelector("[data-ready=failed]", { timeout: 25_000 });
  await expect(late.getByRole("alert").textContent()).resolves.toContain("在 20 秒内没有加载完成");
  await late.waitForSelector("body[data-ready=excel]", { timeout: 10_000 });
  await expect(late.locator("#startup-watchdog").count()).resolves.toBe(0);
  await expect(late.getByText("在 20 秒内没有加载完成").count()).resolves.toBe(0);
  await expect(late.evaluate(() => document.documentElement.hasAttribute("data-ready"))).resolves.toBe(false);
  await expect(late.getByRole("button", { name: "解析计划" }).isVisible()).resolves.toBe(true);
  await Promise.all([stuck.close(), late.close()]);
}, 60_000);

test("a failed generate's error goes when the plan text changes", async () => {
  const p = await browser.newPage({ viewport: { width: 350, height: 700 } });
  await p.route("**/appsforoffice.microsoft.com/**", (r) => r.abort());
  await p.goto(`${server.url}taskpane.html`);
  await p.waitForSelector("body[data-ready=preview]");
  await p.getByLabel("粘贴计划全文").first().check();
  // One task longer than an Excel cell holds (32,767 characters): generating it fails.
  const plan = `某区2022年计划\n（一）领域\n1.任务${"很长".repeat(17000)}。〔牵头单位:区财政局〕\n`;
  await p.locator("textarea").fill(plan);
  await p.getByRole("button", { name: "解析计划" }).click();
  await p.getByTestId("parse-result").waitFor();
  await p.getByRole("button", { name: "生成台账" }).click();
  await p.getByText("操作失败").first().waitFor();
  await p.locator("textarea").fill("某区2022年计划\n（一）领域\n1.任务。〔牵头单位:区财政局〕\n");
  await expect(p.getByText("操作失败").count()).resolves.toBe(0);
  await p.close();
});
