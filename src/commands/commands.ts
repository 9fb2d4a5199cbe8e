/**
 * Ribbon commands. The 台账助手 button only opens the task pane (a ShowTaskpane action in the manifest),
 * so there is no function to run here; this page exists because the manifest's FunctionFile needs one.
 */
Office.onReady(() => undefined);
