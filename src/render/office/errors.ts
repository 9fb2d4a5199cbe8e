/**
 * Errors from Excel (Office.js error codes) and from the browser (e.g. "Invalid time value") in Chinese,
 * saying what to do. The code is kept in brackets for the help desk; the raw English text never stands alone.
 */
const BY_CODE: Record<string, string> = {
  ApiNotFound:
    "此版本 Excel 不支持所需的功能。请升级到 Microsoft 365 或 Office 2021 及以上版本，或改用命令行生成的 .xlsx 文件",
  RequestPayloadSizeLimitExceeded:
    "一次写入的数据超过了 Excel 网页版的上限。请改用 Excel 桌面版，或用命令行生成 .xlsx 文件",
  ResponsePayloadSizeLimitExceeded:
    "一次读取的数据超过了 Excel 网页版的上限。请改用 Excel 桌面版，或用命令行处理该工作簿",
  ItemNotFound: "找不到需要的工作表、表格或名称，可能已被改名或删除。请恢复原名，或重新生成台账",
  ItemAlreadyExists: "工作簿中已有同名的工作表、表格或名称。请把同名的那一项改名或删除后重试",
  InvalidOperationInCellEditMode: "Excel 正在编辑单元格。请先按 Enter 或 Esc 结束编辑，再重试",
  InvalidOperation: "Excel 拒绝了这项操作（例如工作表受保护）。请取消工作表保护后重试",
  InvalidArgument:
    "Excel 不接受写入的内容（例如一个单元格超过 32767 个字符，或日期、数字超出范围）。请缩短或改正输入的内容后重试",
  AccessDenied: "没有修改此工作簿的权限（可能是只读打开或受保护）。请另存一份可编辑的副本后重试",
  GeneralException: "Excel 内部出错。请保存工作簿、关闭任务窗格后重新打开，再试一次",
  ActivityLimitReached: "Excel 暂时忙不过来。请稍等片刻再试",
  InvalidOrTimedOutSession: "与 Excel 的连接已超时。请关闭任务窗格后重新打开",
};

/** The same advice in English, for the English pane (shown after the Chinese text). */
const BY_CODE_EN: Record<string, string> = {
  ApiNotFound:
    "This Excel lacks a needed feature. Use Microsoft 365 / Office 2021 or later, or the command line's .xlsx",
  RequestPayloadSizeLimitExceeded:
    "Too much data for Excel on the web in one write. Use desktop Excel or the command line",
  ResponsePayloadSizeLimitExceeded:
    "Too much data for Excel on the web in one read. Use desktop Excel or the command line",
  ItemNotFound:
    "A sheet, table or name the ledger needs is missing or renamed. Restore it, or generate the ledger again",
  ItemAlreadyExists:
    "The workbook already has a sheet, table or name of that name. Rename or delete it and retry",
  InvalidOperationInCellEditMode: "Excel is editing a cell. Press Enter or Esc to finish, then retry",
  InvalidOperation: "Excel refused the operation (e.g. a protected sheet). Unprotect the sheet and retry",
  InvalidArgument:
    "Excel did not accept what was written (e.g. more than 32,767 characters in a cell, or a date or number out of range). Shorten or correct it and retry",
  AccessDenied:
    "No permission to change this workbook (read-only or protected). Save an editable copy and retry",
  GeneralException: "Excel had an internal error. Save the workbook, close and reopen the pane, then retry",
  ActivityLimitReached: "Excel is busy. Wait a moment and retry",
  InvalidOrTimedOutSession: "The connection to Excel timed out. Close and reopen the pane",
};

/** English advice for an Excel error code, or null where there is none (the Chinese text then stands alone). */
export function officeErrorEnglish(err: unknown): string | null {
  const code = (err as { code?: string })?.code;
  const message = err instanceof Error ? err.message : String(err);
  const known = code && BY_CODE_EN[code] ? code : /^([A-Za-z]+):/.exec(message)?.[1];
  return known && BY_CODE_EN[known] ? `${BY_CODE_EN[known]} (${known}).` : null;
}

export function officeErrorMessage(err: unknown): string {
  const code = (err as { code?: string })?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code && BY_CODE[code]) return `${BY_CODE[code]}（${code}）`;
  const prefixed = /^([A-Za-z]+):/.exec(message)?.[1];
  if (prefixed && BY_CODE[prefixed]) return `${BY_CODE[prefixed]}（${prefixed}）`;
  if (/Invalid time value|Invalid Date/i.test(message))
    return "日期无效。请按“2022-09-30”的格式选择或输入日期";
  if (/[\u4e00-\u9fff]/.test(message)) return message.replace(/[。.]$/, "");
  return `发生了意外错误，请保存工作簿、关闭任务窗格后重试；如仍失败，请把括号中的信息告诉技术支持（${message}）`;
}
