/**
 * Is this page running inside an Office client (even if office.js failed to load)? Office opens the pane
 * in a webview (WebView2, EdgeHTML, Mac WebKit) or, on the web, in an iframe, and tells the page its host
 * in the URL or the window name. Only a plain browser tab is none of these. (taskpane.html repeats this test
 * in ES5 for its office.js watchdog, before any bundle loads.)
 */
export function insideOffice(): boolean {
  const w = window as unknown as {
    chrome?: { webview?: unknown };
    webkit?: { messageHandlers?: Record<string, unknown> };
    external?: Record<string, unknown>;
  };
  return (
    /_host_Info=/i.test(location.search + location.hash) ||
    /host_?info|xdm/i.test(window.name) ||
    Boolean(w.chrome?.webview) ||
    Boolean(w.webkit?.messageHandlers?.Office) ||
    (typeof w.external === "object" && w.external !== null && "GetContext" in w.external) ||
    window.parent !== window
  );
}

/** Office's display language from the host information in the URL (`_host_Info=Excel$Win32$16.01$zh-CN$…`). */
export function hostLocale(): string | undefined {
  const info = /_host_Info=([^&#]*)/i.exec(location.search + location.hash)?.[1];
  return info ? decodeURIComponent(info).split("$")[3] || undefined : undefined;
}
