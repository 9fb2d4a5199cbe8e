import type { Diagnostic, Severity } from "./types";

/** Collects diagnostics; every message is given in Chinese and English. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  add(line: number, severity: Severity, code: string, message: string, messageEn: string): void {
    this.items.push({ line, severity, code, message, messageEn });
  }

  error(line: number, code: string, message: string, messageEn: string): void {
    this.add(line, "error", code, message, messageEn);
  }

  warn(line: number, code: string, message: string, messageEn: string): void {
    this.add(line, "warning", code, message, messageEn);
  }

  info(line: number, code: string, message: string, messageEn: string): void {
    this.add(line, "info", code, message, messageEn);
  }
}
