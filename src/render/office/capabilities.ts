/**
 * Which optional Excel API sets this Excel has; older desktops get the core and a notice of what is left
 * out. Levels as Microsoft's client library states them for each member (checked by the tests that drive
 * the add-in through that library at ExcelApi 1.4, 1.6, 1.7, 1.8 and the latest).
 */
export interface Capabilities {
  /** ExcelApi 1.6: conditional formats, suspending calculation. */
  conditionalFormats: boolean;
  suspendCalculation: boolean;
  /** ExcelApi 1.7: chart series, worksheet change events, sheet tab colours, frozen panes. */
  chartSeries: boolean;
  onChanged: boolean;
  tabColor: boolean;
  freezePanes: boolean;
  /** ExcelApi 1.8: data validation. */
  dataValidation: boolean;
  /** ExcelApi 1.9: copying cells within Excel (the plan copy is copied from the ledger, not sent twice). */
  copyFrom: boolean;
}

export function capabilitiesFor(isSetSupported: (version: string) => boolean): Capabilities {
  return {
    conditionalFormats: isSetSupported("1.6"),
    suspendCalculation: isSetSupported("1.6"),
    chartSeries: isSetSupported("1.7"),
    onChanged: isSetSupported("1.7"),
    tabColor: isSetSupported("1.7"),
    freezePanes: isSetSupported("1.7"),
    dataValidation: isSetSupported("1.8"),
    copyFrom: isSetSupported("1.9"),
  };
}
