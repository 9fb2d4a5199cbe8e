/**
 * Byte helpers for the package code, which runs in Node (the command line) and in the pane's webview
 * (分发 derives copies, 导入反馈表 reads returns). Node's Buffer is used where it exists, being fast and
 * sparing with memory on a 10,000-task ledger; the webview, where webpack leaves "buffer" out as it leaves
 * "zlib", gets plain typed-array code for the few hundred KB it handles.
 */
import * as bufferModule from "buffer";

const NodeBuffer = (bufferModule as { Buffer?: typeof Buffer }).Buffer;
const nodeIsUtf8 = (bufferModule as { isUtf8?: (d: Uint8Array) => boolean }).isUtf8;
const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });
const utf8 = new TextDecoder("utf-8");
const encoder = new TextEncoder();

/** Whether the bytes are valid UTF-8 (Node checks without decoding). */
export function isUtf8(data: Uint8Array): boolean {
  if (typeof nodeIsUtf8 === "function") return nodeIsUtf8(data);
  try {
    fatalUtf8.decode(data);
    return true;
  } catch {
    return false; // the caller says which part is not UTF-8 and what to do
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (NodeBuffer) return NodeBuffer.compare(a, b) === 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  if (NodeBuffer) return new Uint8Array(NodeBuffer.concat(chunks));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) (out.set(c, at), (at += c.length));
  return out;
}

/** Bytes as a string of one character per byte (TextDecoder's "latin1" is windows-1252: not that). */
export function latin1OfBytes(data: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
  const pieces: string[] = [];
  for (let i = 0; i < data.length; i += 0x8000)
    pieces.push(String.fromCharCode(...data.subarray(i, Math.min(i + 0x8000, data.length))));
  return pieces.join("");
}

/** The bytes a one-character-per-byte string stands for. */
export function bytesOfLatin1(s: string): Uint8Array {
  if (NodeBuffer) return new Uint8Array(NodeBuffer.from(s, "latin1"));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** A one-character-per-byte string read as the UTF-8 text it holds. */
export const textOfLatin1 = (s: string): string =>
  NodeBuffer ? NodeBuffer.from(s, "latin1").toString("utf8") : utf8.decode(bytesOfLatin1(s));

/** Text as its UTF-8 bytes, one character per byte. */
export const latin1OfText = (s: string): string =>
  NodeBuffer ? NodeBuffer.from(s, "utf8").toString("latin1") : latin1OfBytes(encoder.encode(s));

/** Strings of text as one UTF-8 buffer. */
export function utf8OfStrings(pieces: string[]): Uint8Array {
  if (!NodeBuffer) return concatBytes(pieces.map((p) => encoder.encode(p)));
  let size = 0;
  for (const p of pieces) size += NodeBuffer.byteLength(p, "utf8");
  const bytes = NodeBuffer.allocUnsafeSlow(size);
  let at = 0;
  for (const p of pieces) at += bytes.write(p, at, "utf8");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, at);
}

/** Strings of one character per byte as the bytes they stand for, in one buffer. */
export function bytesOfLatin1Strings(pieces: string[]): Uint8Array {
  if (!NodeBuffer) return concatBytes(pieces.map(bytesOfLatin1));
  let size = 0;
  for (const p of pieces) size += p.length;
  const bytes = NodeBuffer.allocUnsafeSlow(size);
  let at = 0;
  for (const p of pieces) at += bytes.write(p, at, "latin1");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, at);
}
