/** The palette and shared styles of every sheet. */
import type { CellStyle, ConditionalFormatSpec } from "./spec";

export const FONT = "等线";
export const DATE_FORMAT = "yyyy-mm-dd";

/** Plan columns: cool blue headers. Staff columns: warm yellow headers. Formula columns: grey. */
export const HEADER_PLAN: CellStyle = {
  bold: true,
  fill: "FFD9E1F2",
  fontColor: "FF1F3864",
  wrap: true,
  vertical: "middle",
  horizontal: "center",
  border: true,
};
export const HEADER_STAFF: CellStyle = {
  bold: true,
  fill: "FFFFE699",
  fontColor: "FF7F6000",
  wrap: true,
  vertical: "middle",
  horizontal: "center",
  border: true,
};
export const HEADER_FORMULA: CellStyle = {
  bold: true,
  fill: "FFD9D9D9",
  fontColor: "FF262626",
  wrap: true,
  vertical: "middle",
  horizontal: "center",
  border: true,
};
export const BODY_TEXT: CellStyle = { wrap: true, vertical: "top", border: true };
export const BODY_CENTER: CellStyle = { vertical: "top", horizontal: "center", border: true };
export const BODY_DATE: CellStyle = {
  numFmt: DATE_FORMAT,
  vertical: "top",
  horizontal: "center",
  border: true,
};
export const STAFF_FILL = "FFFFFBEA";

export const WARNING_COLOURS = {
  red: { fill: "FFFFC7CE", fontColor: "FF9C0006" },
  orange: { fill: "FFFCE4D6", fontColor: "FF843C0C" },
  yellow: { fill: "FFFFEB9C", fontColor: "FF9C5700" },
  green: { fill: "FFC6EFCE", fontColor: "FF006100" },
  blue: { fill: "FFDDEBF7", fontColor: "FF1F4E79" },
};

/** 预警 colours: red overdue, orange done late, yellow due soon, blue on schedule, green done. */
export function warningColours(range: string): ConditionalFormatSpec {
  return {
    range,
    rules: [
      { equals: "逾期", ...WARNING_COLOURS.red },
      { equals: "逾期完成", ...WARNING_COLOURS.orange },
      { equals: "临期", ...WARNING_COLOURS.yellow },
      { equals: "正常", ...WARNING_COLOURS.blue },
      { equals: "已完成", ...WARNING_COLOURS.green },
    ],
  };
}
