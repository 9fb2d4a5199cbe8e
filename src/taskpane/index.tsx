/**
 * Start-up. Inside Office the pane works on the open workbook; if office.js failed to load there, it says
 * so and what to do (it never falls back to the preview, which would report success while nothing reaches
 * the workbook). Only in a plain browser (or with `?preview`) does it run as a preview on an in-memory
 * workbook. IE11 never gets here: taskpane.html stops it with a notice before this bundle loads.
 */
import "./polyfills";
import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";
import * as React from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { stringsFor } from "./i18n";
import { hostLocale, insideOffice } from "./environment";

const bundledPlan = () =>
  import("../../seeds/liaocheng-hitech-2022-business-environment-plan.txt").then((m) => m.default);

/** Office's theme: dark when its body background is dark. */
function officeTheme(): Theme {
  const bg = (window as unknown as { Office?: typeof Office }).Office?.context?.officeTheme?.bodyBackgroundColor;
  const m = bg && /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(bg);
  if (!m) return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? webDarkTheme : webLightTheme;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x, 16));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? webDarkTheme : webLightTheme;
}

async function start(inExcel: boolean, language: string | undefined) {
  const root = createRoot(document.getElementById("root")!);
  const t = stringsFor(language);
  document.documentElement.lang = t === stringsFor("zh-CN") ? "zh-CN" : "en";
  const theme = officeTheme();
  document.body.style.background = theme.colorNeutralBackground1;
  if (inExcel) {
    const { officeActions } = await import("./officeActions");
    root.render(<App actions={officeActions()} t={t} preview={null} bundledPlan={bundledPlan} theme={theme} />);
  } else {
    const { previewActions } = await import("./previewActions");
    const preview = previewActions();
    root.render(<App actions={preview.actions} t={t} preview={preview} bundledPlan={bundledPlan} theme={theme} />);
  }
  clearStartupWatchdog();
  document.body.dataset.ready = inExcel ? "excel" : "preview";
}

/** office.js or Office's start-up came after taskpane.html's 20 s note: the pane works, so the note goes. */
function clearStartupWatchdog() {
  document.getElementById("startup-watchdog")?.remove();
  document.documentElement.removeAttribute("data-ready");
}

/** The message in place of the pane; `language` tells screen readers and fonts which language it is in. */
function fail(message: string, language = "zh-CN") {
  document.documentElement.lang = /^zh/i.test(language) ? "zh-CN" : "en";
  const box = document.getElementById("root")!;
  box.textContent = message;
  box.setAttribute("role", "alert");
  document.body.dataset.ready = "failed";
}

const failed = (err: unknown) =>
  fail(
    `台账助手无法启动：${err instanceof Error ? err.message : String(err)}。请关闭任务窗格后重新打开；如仍失败，请联系信息中心。`,
  );

const query = new URLSearchParams(location.search);
const unsupported = (window as unknown as { __planLedgerUnsupported?: boolean }).__planLedgerUnsupported;
const office = (window as unknown as { Office?: typeof Office }).Office;
if (unsupported) {
  // taskpane.html has already said which Office is needed (IE11 webview).
} else if (query.has("preview") || (!office && !insideOffice())) {
  // Outside Office there is no display language to follow: Chinese first, `?lang=en` for English.
  start(false, query.get("lang") ?? "zh-CN").catch(failed);
} else if (!office) {
  // Inside Office, but office.js did not load (blocked CDN on an intranet PC, no network).
  const language = hostLocale() ?? "zh-CN";
  fail(stringsFor(language).officeMissing, stringsFor(language) === stringsFor("zh-CN") ? "zh-CN" : "en");
} else {
  office
    .onReady()
    .then((info) => {
      if (info.host !== office.HostType.Excel && insideOffice()) throw new Error("台账助手只能在 Excel 中使用");
      return start(info.host === office.HostType.Excel, office.context?.displayLanguage ?? navigator.language);
    })
    .catch(failed);
}
