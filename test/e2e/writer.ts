/** LibreOffice Writer makes the plan files of the e2e tests: .html → .docx → PDF, at test time. */
import { execFileSync } from "child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { requireWriter } from "./engines";

export const work = mkdtempSync(path.join(tmpdir(), "pl-planfiles-"));
const profile = `file://${path.join(work, "profile")}`;

export function writer(args: string[]): void {
  execFileSync(requireWriter(), [`-env:UserInstallation=${profile}`, "--headless", ...args], {
    stdio: "pipe",
    timeout: 240_000,
  });
}

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A Writer HTML page: a paragraph per line, the title as running header, page numbers `— N —` below. */
export function planHtml(text: string, title: string): string {
  const paragraphs = text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join("\n");
  return `<html><head><meta charset="utf-8"></head><body>
<div title="header"><p>${escapeHtml(title)}</p></div>
${paragraphs}
<div title="footer"><p>— <sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield> —</p></div>
</body></html>`;
}

/** .html → .docx → .pdf with LibreOffice Writer; returns both paths. */
export function makeFiles(name: string, html: string): { docx: string; pdf: string } {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const source = path.join(dir, `${name}.html`);
  writeFileSync(source, html);
  writer(["--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, source]);
  const docx = path.join(dir, `${name}.docx`);
  writer(["--convert-to", "pdf", "--outdir", dir, docx]);
  return { docx, pdf: path.join(dir, `${name}.pdf`) };
}
