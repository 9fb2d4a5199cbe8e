/** Bad input never crashes or hangs; each problem gets a diagnostic with a line number. */
import fc from "fast-check";
import {
  decodePlanBytes,
  mixedEncodingNotes,
  parsePlan,
  planFileKind,
  unreadableBecause,
} from "../../../src/plan";
import { seedText } from "../../support/files";

const codes = (text: string) => parsePlan(text).diagnostics.map((d) => d.code);

test("empty and blank text", () => {
  for (const t of ["", "   \n\u3000\n"]) {
    const p = parsePlan(t);
    expect(p.tasks).toEqual([]);
    expect(p.diagnostics[0]).toMatchObject({ severity: "error", code: "PLAN_EMPTY" });
  }
});

test("text with no numbered tasks", () => {
  expect(codes("这是一段说明文字。\n没有任何编号。")).toContain("PLAN_NO_TASKS");
});

test("duplicate and missing task numbers are reported with their lines and ids stay unique", () => {
  const p = parsePlan(
    "某区2024年工作计划\n二、主要任务\n（一）甲领域\n1.任务甲。〔牵头单位:A局〕\n2.任务乙。〔牵头单位:B局〕\n2.任务丙。〔牵头单位:C局〕\n5.任务丁。〔牵头单位:D局〕",
  );
  expect(p.tasks.map((t) => t.id)).toEqual([1, 2, 3, 5]);
  const dup = p.diagnostics.find((d) => d.code === "TASK_NUMBER_DUPLICATE")!;
  expect(dup).toMatchObject({ line: 6, severity: "error" });
  const missing = p.diagnostics.filter((d) => d.code === "TASK_NUMBER_MISSING").map((d) => d.message);
  expect(missing).toEqual([expect.stringContaining("缺少任务编号4")]);
});

test("unbalanced brackets: reported with the line, units after them still read", () => {
  const p = parsePlan(
    "某区2024年工作计划\n（一）甲领域\n1.任务甲(含说明。〔牵头单位:A局〕\n2.任务乙。〔牵头单位:B局;责任单位:C局\n3.任务丙。〕〔牵头单位:D局〕",
  );
  expect(p.tasks[0].leadUnits).toEqual(["A局"]);
  expect(p.tasks[1]).toMatchObject({ leadUnits: ["B局"], responsibleUnits: ["C局"] });
  expect(p.tasks[2].leadUnits).toEqual(["D局"]);
  const lines = p.diagnostics.filter((d) => d.code.startsWith("BRACKET_")).map((d) => [d.code, d.line]);
  expect(lines).toEqual([
    ["BRACKET_UNCLOSED", 3],
    ["BRACKET_UNCLOSED", 4],
    ["BRACKET_STRAY", 5],
  ]);
});

test("file kinds: .docx and PDF recognised; .doc, .wps, .ofd, encrypted and other files refused with what to save them as", () => {
  const zip = (entry: string) =>
    new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, ...new TextEncoder().encode(entry)]);
  expect(planFileKind(zip("word/document.xml"), "计划.docx")).toBe("docx");
  expect(planFileKind(new TextEncoder().encode("%PDF-1.7\n"), "计划.pdf")).toBe("pdf");
  expect(planFileKind(new TextEncoder().encode("计划"), "计划.txt")).toBe("text");
  const cfb = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  expect(() => planFileKind(new Uint8Array(cfb), "计划.doc")).toThrow(/旧版 Word\(\.doc\).*另存为.*\.docx/);
  expect(() => planFileKind(new Uint8Array(cfb), "计划.wps")).toThrow(/WPS 文字\(\.wps\).*另存为.*\.docx/);
  const encrypted = [...cfb, ...[..."EncryptedPackage"].flatMap((c) => [c.charCodeAt(0), 0])];
  expect(() => planFileKind(new Uint8Array(encrypted), "计划.docx")).toThrow(/密码.*另存为 \.docx/);
  expect(() => planFileKind(zip("Doc_0/OFD.xml"), "计划.ofd")).toThrow(/OFD.*PDF 或 Word\(\.docx\)/);
  expect(() => planFileKind(zip("xl/workbook.xml"), "台账.xlsx")).toThrow(/Excel/);
  expect(() => planFileKind(new TextEncoder().encode("{\\rtf1"), "计划.rtf")).toThrow(/RTF.*\.docx/);
  expect(() => decodePlanBytes(new Uint8Array(64).fill(0))).toThrow(/二进制/);
});

test("UTF-16 text (Notepad's “Unicode”), with or without a byte-order mark, decodes like UTF-8", () => {
  const seed = seedText();
  const le = Buffer.from(seed, "utf16le");
  const be = Buffer.from(le).swap16();
  const expected = parsePlan(seed).tasks.map((t) => [t.title, t.leadUnits, t.responsibleUnits]);
  for (const [bytes, encoding] of [
    [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), "utf-16le"],
    [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), "utf-16be"],
    [le, "utf-16le"],
    [be, "utf-16be"],
  ] as const) {
    const decoded = decodePlanBytes(new Uint8Array(bytes));
    expect(decoded.encoding).toBe(encoding);
    expect(parsePlan(decoded.text).tasks.map((t) => [t.title, t.leadUnits, t.responsibleUnits])).toEqual(
      expected,
    );
  }
  // Pure Chinese without a single ASCII character leaves no zero bytes; still told from GBK.
  expect(decodePlanBytes(new Uint8Array(Buffer.from("牵头单位责任单位完成时限", "utf16le")))).toEqual({
    text: "牵头单位责任单位完成时限",
    encoding: "utf-16le",
  });
});

test("GBK text (the default of Chinese Windows) decodes like UTF-8", () => {
  // 牵头单位 in GBK.
  const gbk = new Uint8Array([0xc7, 0xa3, 0xcd, 0xb7, 0xb5, 0xa5, 0xce, 0xbb]);
  expect(decodePlanBytes(gbk)).toEqual({ text: "牵头单位", encoding: "gb18030" });
  const utf8 = new TextEncoder().encode(seedText());
  expect(parsePlan(decodePlanBytes(utf8).text).tasks).toHaveLength(118);
});

test("random text never throws and every diagnostic points inside the text", () => {
  const alphabet = fc.constantFrom(
    ..."1.、（）()〔〕【】一二十牵头单位责任:：;，。月底前\n 年全长期坚持2022".split(""),
  );
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 300 }), (chars) => {
      const text = chars.join("");
      const p = parsePlan(text);
      const lines = text.split("\n").length;
      for (const d of p.diagnostics) expect(d.line).toBeLessThanOrEqual(lines);
      expect(new Set(p.tasks.map((t) => t.id)).size).toBe(p.tasks.length);
    }),
    { numRuns: 300 },
  );
});

test("pathological input finishes: thousands of unclosed brackets and labels", () => {
  const text = "计划\n（一）领域\n1.任务" + "〔牵头单位:".repeat(20000) + "\n2.任务" + "(".repeat(20000);
  const p = parsePlan(text);
  expect(p.tasks).toHaveLength(2);
  expect(p.diagnostics.some((d) => d.code === "BRACKET_UNCLOSED")).toBe(true);
});

test("a reader that cannot load in the pane is not blamed on the file: the message says what to do instead", () => {
  const chunk = Object.assign(new Error("Loading chunk pdf-reader failed."), { name: "ChunkLoadError" });
  const pdf = unreadableBecause("pdf", chunk);
  expect(pdf.message).toContain("没能加载");
  expect(pdf.message).toContain(".docx");
  expect(pdf.message).not.toContain("损坏");
  const damaged = unreadableBecause("pdf", new Error("Invalid PDF structure"));
  expect(damaged.message).toContain("损坏");
});

test("a UTF-8 file with a line pasted in GBK, or a stray byte, is read as UTF-8 and the lines are named", () => {
  const utf8 = (s: string) => Buffer.from(s, "utf8");
  const lines = [
    "金沙区2024年城市建设重点任务",
    "一、重点任务",
    "1.改造老旧小区。9月底前完成。（牵头单位：区住建局）",
    "2.新建停车泊位。（牵头单位：区城管局）",
    "3.整治背街小巷。（牵头单位：区城管局）",
  ];
  // `4.建设口袋公园。（牵头单位：区住建局）` as GBK encodes it, appended from another file.
  const gbkLine = Buffer.from(
    "342ebda8c9e8bfdab4fcb9abd4b0a1a3a3a8c7a3cdb7b5a5cebba3bac7f8d7a1bda8bed6a3a9",
    "hex",
  );
  const mixed = decodePlanBytes(new Uint8Array(Buffer.concat([utf8(lines.join("\n") + "\n"), gbkLine])));
  expect(mixed.encoding).toBe("utf-8");
  expect(mixed.mixedLines).toEqual([6]);
  expect(parsePlan(mixed.text).tasks.map((t) => [t.id, t.leadUnits])).toEqual([
    [1, ["区住建局"]],
    [2, ["区城管局"]],
    [3, ["区城管局"]],
    [4, ["区住建局"]],
  ]);
  expect(mixedEncodingNotes(mixed)[0]).toMatchObject({ line: 6, code: "TEXT_MIXED_ENCODING" });
  // One stray byte before a task's number: left out, the task still read.
  const stray = Buffer.concat([
    utf8(lines.slice(0, 3).join("\n") + "\n"),
    Buffer.from([0xa0]),
    utf8(lines.slice(3).join("\n")),
  ]);
  const read = decodePlanBytes(new Uint8Array(stray));
  expect(read.mixedLines).toEqual([4]);
  expect(parsePlan(read.text).tasks.map((t) => t.id)).toEqual([1, 2, 3]);
  // A whole file in GBK is GBK, not a mixed file.
  expect(decodePlanBytes(new Uint8Array(gbkLine)).encoding).toBe("gb18030");
});

test("an OpenDocument file, a web page, and a web page saved under a .pdf name get what to do", () => {
  const bytes = (s: string, prefix: number[] = []) => new Uint8Array([...prefix, ...Buffer.from(s, "utf8")]);
  // An .odt is a zip whose first entry is its uncompressed mimetype (what LibreOffice and WPS write).
  const odt = bytes(
    "\u0000".repeat(26) + "mimetypeapplication/vnd.oasis.opendocument.text",
    [0x50, 0x4b, 0x03, 0x04],
  );
  const fodt = bytes('<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="x">');
  const page = bytes(
    "<!DOCTYPE html>\n<html><head><title>行动方案</title></head><body><p>1.任务</p></body></html>",
  );
  const refusal = (b: Uint8Array, name: string) => {
    try {
      planFileKind(b, name);
      return "";
    } catch (err) {
      return (err as Error).message;
    }
  };
  expect(refusal(odt, "计划.odt")).toContain("OpenDocument");
  expect(refusal(odt, "计划.odt")).toContain("另存为” Word 文档(*.docx)");
  expect(refusal(odt, "计划.odt")).not.toContain("解压");
  expect(refusal(fodt, "计划.fodt")).toContain("OpenDocument");
  expect(refusal(page, "计划.html")).toContain("网页文件");
  expect(refusal(page, "计划.pdf")).toContain("内容却是网页");
  // Plain text that mentions markup is still text.
  expect(planFileKind(bytes("1.推进<政务服务>改革。"), "计划.txt")).toBe("text");
});
