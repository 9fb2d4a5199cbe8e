/**
 * A strict check of one XML part before it is written: tags nest and match, attributes are quoted and
 * not repeated, entity references are known, every prefix used is declared in scope, and (for package
 * parts) no element ends up in no namespace. The parser that edits parts is lenient by design (it must
 * read what other programs wrote); this check is what stops an edit that a strict reader (LibreOffice,
 * openpyxl, Excel) would refuse. Returns the first problem, or null.
 */

const XML_NS = "http://www.w3.org/XML/1998/namespace";
const NAME =
  /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?$/;
const ATTR = /\s*([^\s=/>]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const ENTITY = /&(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+);/g;

function badText(s: string): boolean {
  if (s.includes("<")) return true;
  return s.replace(ENTITY, "").includes("&");
}

export function xmlProblem(xml: string, requireNamespace = true): string | null {
  const stack: { name: string; ns: Map<string, string> }[] = [];
  let scope = new Map<string, string>([["xml", XML_NS]]);
  let pos = 0;
  let roots = 0;
  const line = (at: number) => xml.slice(0, at).split("\n").length;
  while (pos < xml.length) {
    const lt = xml.indexOf("<", pos);
    const text = xml.slice(pos, lt < 0 ? xml.length : lt);
    if (badText(text)) return `第 ${line(pos)} 行文字中有未转义的“&”`;
    if (!stack.length && text.trim() && pos > 0) return `第 ${line(pos)} 行：根元素之外有文字`;
    if (lt < 0) break;
    if (xml.startsWith("<?", lt)) {
      const end = xml.indexOf("?>", lt);
      if (end < 0) return "处理指令没有结束";
      pos = end + 2;
      continue;
    }
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt);
      if (end < 0) return "注释没有结束";
      pos = end + 3;
      continue;
    }
    if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt);
      if (end < 0 || !stack.length) return "CDATA 段有误";
      pos = end + 3;
      continue;
    }
    if (xml.startsWith("<!", lt)) return `第 ${line(lt)} 行：不允许 DOCTYPE 声明`;
    if (xml.startsWith("</", lt)) {
      const end = xml.indexOf(">", lt);
      const name = xml.slice(lt + 2, end).trim();
      const top = stack.pop();
      if (end < 0 || !top || top.name !== name)
        return `第 ${line(lt)} 行：结束标记 </${name}> 与开始标记 <${top?.name ?? ""}> 不配对`;
      scope = top.ns;
      pos = end + 1;
      continue;
    }
    // A start tag: name, attributes, then `>` or `/>`.
    let i = lt + 1;
    while (i < xml.length && !/[\s/>]/.test(xml[i])) i++;
    const name = xml.slice(lt + 1, i);
    if (!NAME.test(name)) return `第 ${line(lt)} 行：元素名“${name}”不合法`;
    const attrs = new Map<string, string>();
    for (;;) {
      ATTR.lastIndex = i;
      const m = ATTR.exec(xml);
      if (!m) break;
      if (attrs.has(m[1])) return `第 ${line(lt)} 行：<${name}> 的属性 ${m[1]} 重复`;
      const v = m[2] ?? m[3];
      if (badText(v)) return `第 ${line(lt)} 行：<${name}> 的属性 ${m[1]} 中有未转义的“&”`;
      attrs.set(m[1], v);
      i = ATTR.lastIndex;
    }
    while (/\s/.test(xml[i] ?? "")) i++;
    const selfClosing = xml.startsWith("/>", i);
    if (!selfClosing && xml[i] !== ">") return `第 ${line(lt)} 行：<${name}> 标记没有正确结束`;
    pos = i + (selfClosing ? 2 : 1);
    if (!stack.length && ++roots > 1) return `第 ${line(lt)} 行：有两个根元素`;

    let inner = scope;
    for (const [k, v] of attrs)
      if (k === "xmlns" || k.startsWith("xmlns:")) {
        if (inner === scope) inner = new Map(scope);
        inner.set(k === "xmlns" ? "" : k.slice(6), v);
      }
    const colon = name.indexOf(":");
    const prefix = colon < 0 ? "" : name.slice(0, colon);
    if (prefix && !inner.get(prefix)) return `第 ${line(lt)} 行：元素 <${name}> 的前缀“${prefix}”没有声明`;
    if (!prefix && requireNamespace && !inner.get(""))
      return `第 ${line(lt)} 行：元素 <${name}> 不在任何命名空间中（应当带上文件所用的前缀）`;
    const seen = new Set<string>();
    for (const k of attrs.keys()) {
      const c = k.indexOf(":");
      if (c < 0 || k.startsWith("xmlns:")) continue;
      const p = k.slice(0, c);
      const uri = inner.get(p);
      if (!uri) return `第 ${line(lt)} 行：属性 ${k} 的前缀“${p}”没有声明`;
      const expanded = `${uri} ${k.slice(c + 1)}`;
      if (seen.has(expanded)) return `第 ${line(lt)} 行：<${name}> 的属性 ${k} 重复`;
      seen.add(expanded);
    }
    if (!selfClosing) {
      stack.push({ name, ns: scope });
      scope = inner;
    }
  }
  if (stack.length) return `元素 <${stack[stack.length - 1].name}> 没有结束`;
  if (!roots) return "没有根元素";
  return null;
}
