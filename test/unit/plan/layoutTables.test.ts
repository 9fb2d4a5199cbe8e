/**
 * A task table copied out of a PDF with its layout (`pdftotext -layout`): rebuilt from the columns'
 * positions, or refused when not sure. Fixtures are poppler's copies of PDFs that LibreOffice Writer made
 * from Word tables: a bordered table with a domain row spanning it and units joined by ，(the clean text of
 * the same plan beside it), and a table with columns the ledger does not take (具体措施, 责任人, 备注).
 */
import { parsePlan } from "../../../src/plan";
import { fixture } from "../../support/files";
import { scorePlan } from "../../support/planScore";

const digital = fixture("plans/digital-table-pdftotext-layout.txt");
const errors = (text: string) =>
  parsePlan(text)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => d.code);

test("rebuilt into the same tasks, units, deadlines and domains as the clean text, and said so", () => {
  const clean = parsePlan(fixture("plans/digital-table-clean.txt"));
  const got = parsePlan(digital);
  expect(got.diagnostics.map((d) => d.code)).toContain("PLAN_TABLE_REBUILT");
  expect(errors(digital)).toEqual([]);
  expect(scorePlan(clean, got).misses).toEqual([]);
  expect(got.domains.map((d) => d.name)).toEqual(clean.domains.map((d) => d.name));
});

test("a row whose number does not run on: refused, not guessed", () => {
  const broken = digital.replace(/^4(\s{5,})/m, "9$1");
  expect(broken).not.toEqual(digital);
  expect(errors(broken)).toContain("PLAN_TABLE_COPIED_FROM_PDF");
});

test("a table with columns the ledger does not take is refused (not sure enough to rebuild)", () => {
  expect(errors(fixture("plans/hillside-table-pdftotext-layout.txt"))).toContain(
    "PLAN_TABLE_COPIED_FROM_PDF",
  );
});

test("the same copy without its layout (each cell's lines on their own) is refused with what to do", () => {
  const flat = digital
    .split("\n")
    .flatMap((l) => l.split(/\s{2,}/))
    .map((l) => l.trim())
    .join("\n");
  const error = parsePlan(flat).diagnostics.find((d) => d.code === "PLAN_TABLE_COPIED_FROM_PDF");
  expect(error?.severity).toBe("error");
  expect(error?.message).toMatch(/Word/);
});
