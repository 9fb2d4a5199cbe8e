/**
 * What a zip that cannot be read was compressed with, from its central directory alone: a complete file
 * packed with a method other than stored/deflate (bzip2, LZMA, …, as some archivers offer) or encrypted
 * must not be called incomplete; the user needs to know what it is and what to do.
 */

const METHODS: Record<number, string> = {
  6: "Implode",
  9: "Deflate64",
  12: "bzip2",
  14: "LZMA",
  93: "Zstandard",
  95: "xz",
  98: "PPMd",
  99: "AES 加密",
};

/** The unsupported methods the directory names (empty when none, or when there is no readable directory). */
export function unsupportedMethods(d: Uint8Array): { methods: string[]; encrypted: boolean } {
  const u16 = (i: number) => d[i] | (d[i + 1] << 8);
  const u32 = (i: number) => (d[i] | (d[i + 1] << 8) | (d[i + 2] << 16) | (d[i + 3] << 24)) >>> 0;
  const found = new Set<string>();
  let encrypted = false;
  let e = d.length - 22;
  while (e > 0 && u32(e) !== 0x06054b50 && d.length - e <= 65558) e--;
  if (e <= 0 || u32(e) !== 0x06054b50) return { methods: [], encrypted };
  let o = u32(e + 16);
  for (let i = 0, count = u16(e + 10); i < count && o + 46 <= d.length && u32(o) === 0x02014b50; i++) {
    const method = u16(o + 10);
    if (u16(o + 8) & 1) encrypted = true;
    if (method !== 0 && method !== 8) found.add(METHODS[method] ?? `方法 ${method}`);
    o += 46 + u16(o + 28) + u16(o + 30) + u16(o + 32);
  }
  return { methods: [...found], encrypted };
}
