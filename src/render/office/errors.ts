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
  InvalidArgument: "Excel 不接受写入的内容",
  AccessDenied: "没有修改此工作簿的权限（可能是只读打开或受保护）。请另存一份可编辑的副本后重试",
  GeneralException: "Excel 内部出错。请保存工作簿、关闭任务窗格后重新打开，再试一次",
  ActivityLimitReached: "Excel 暂时忙不过来。请稍等片刻再试",
  InvalidOrTimedOutSession: "与 Excel 的连接已超时。请关闭任务窗格后重新打开",
};

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
