/**
 * The xlsx library, set up once: chart support must be installed before any workbook with a chart is
 * written or even loaded. Every use of the library goes through here.
 */
import { Workbook } from "@cj-tech-master/excelts";
import { installChartSupport } from "@cj-tech-master/excelts/chart";

installChartSupport();

export { Workbook };
export type { Cell, Worksheet } from "@cj-tech-master/excelts";
