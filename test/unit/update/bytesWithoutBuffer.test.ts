/**
 * The package code runs in the pane's webview too (分发 derives copies, 导入反馈表 reads returns), where
 * webpack leaves Node's "buffer" module out. Its byte helpers must give there exactly what Node's Buffer
 * gives: the same module loaded with "buffer" empty is compared with the one using Node.
 */
import * as withNode from "../../../src/render/xlsx/package/bytes";

type Bytes = typeof withNode;
let withoutNode: Bytes;
beforeAll(() => {
  jest.isolateModules(() => {
    jest.doMock("buffer", () => ({}));
    withoutNode = require("../../../src/render/xlsx/package/bytes") as Bytes;
  });
});
afterAll(() => jest.dontMock("buffer"));

// Chinese, the bytes 0x80–0x9F (which windows-1252 would map elsewhere), an astral character, markup.
const text = '<c r="B2" t="inlineStr"><is><t>区行政审批服务部 €\u0085 𠀀 &amp; “引号”</t></is></c>';
const bytes = new TextEncoder().encode(text);

test("the webview's helpers give the bytes and strings Node's Buffer gives", () => {
  expect(withoutNode.latin1OfBytes(bytes)).toBe(withNode.latin1OfBytes(bytes));
  const latin1 = withNode.latin1OfBytes(bytes);
  expect(latin1.length).toBe(bytes.length);
  expect(withoutNode.textOfLatin1(latin1)).toBe(text);
  expect(withoutNode.latin1OfText(text)).toBe(latin1);
  expect([...withoutNode.bytesOfLatin1(latin1)]).toEqual([...bytes]);
  expect([...withoutNode.utf8OfStrings([text.slice(0, 30), text.slice(30)])]).toEqual([...bytes]);
  expect([...withoutNode.bytesOfLatin1Strings([latin1.slice(0, 7), latin1.slice(7)])]).toEqual([...bytes]);
  expect([...withoutNode.concatBytes([bytes.subarray(0, 5), bytes.subarray(5)])]).toEqual([...bytes]);
});

test("the webview tells UTF-8 from other bytes and equal bytes from different ones as Node does", () => {
  const gbk = new Uint8Array([0xc7, 0xf8, 0x3c, 0xd5]); // GBK bytes, not UTF-8
  for (const b of [bytes, gbk]) expect(withoutNode.isUtf8(b)).toBe(withNode.isUtf8(b));
  expect(withoutNode.isUtf8(gbk)).toBe(false);
  const other = bytes.slice();
  other[other.length - 3] ^= 1;
  expect(withoutNode.sameBytes(bytes, bytes.slice())).toBe(true);
  expect(withoutNode.sameBytes(bytes, other)).toBe(false);
  expect(withoutNode.sameBytes(bytes, bytes.subarray(1))).toBe(false);
});
