/**
 * Start-up: inside Excel the pane works on the open workbook; opened anywhere else (no Office host, or
 * office.js could not load at all) it runs as a browser preview on an in-memory workbook.
 */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { stringsFor } from "./i18n";

const bundledPlan = () =>
  import("../../seeds/liaocheng-hitech-2022-business-environment-plan.txt").then((m) => m.default);

async function start(inExcel: boolean, language: string | undefined) {
  const root = createRoot(document.getElementById("root")!);
  const t = stringsFor(language);
  if (inExcel) {
    const { officeActions } = await import("./officeActions");
    root.render(<App actions={officeActions()} t={t} preview={null} bundledPlan={bundledPlan} />);
  } else {
    const { previewActions } = await import("./previewActions");
    const preview = previewActions();
    root.render(<App actions={preview.actions} t={t} preview={preview} bundledPlan={bundledPlan} />);
  }
  document.body.dataset.ready = inExcel ? "excel" : "preview";
}

function fail(err: unknown) {
  const box = document.getElementById("root")!;
  box.textContent = `台账助手无法启动：${err instanceof Error ? err.message : String(err)}。请关闭任务窗格后重新打开；如仍失败，请联系信息中心。`;
  box.setAttribute("role", "alert");
}

const query = new URLSearchParams(location.search);
const office = (window as unknown as { Office?: typeof Office }).Office;
if (!office || query.has("preview")) {
  // Outside Office there is no display language to follow: Chinese first, `?lang=en` for English.
  start(false, query.get("lang") ?? "zh-CN").catch(fail);
} else {
  office
    .onReady()
    .then((info) =>
      start(info.host === office.HostType.Excel, office.context?.displayLanguage ?? navigator.language),
    )
    .catch(fail);
}
