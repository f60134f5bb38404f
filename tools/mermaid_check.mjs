// Parses Mermaid diagrams with mermaid's own parser, in Node, for `make lint` (tools/checks/mermaid.py).
// Reads [{"id": ..., "source": ...}] as JSON on stdin; writes [{"id", "line", "message"}] for each diagram
// that does not parse (line: 1-based within the diagram, 0 when mermaid does not say).
//
// Parsing needs no DOM, but mermaid sets up DOMPurify hooks on import and sanitises label text while
// parsing; outside a browser DOMPurify has neither, so both become no-ops here (nothing is rendered).
import DOMPurify from "dompurify";

for (const name of ["addHook", "removeHook", "removeHooks", "removeAllHooks", "setConfig", "clearConfig"]) {
  if (typeof DOMPurify[name] !== "function") DOMPurify[name] = () => {};
}
if (typeof DOMPurify.sanitize !== "function") DOMPurify.sanitize = (text) => String(text);

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

function lineOf(error) {
  const hash = error && error.hash;
  if (hash && hash.loc && Number.isInteger(hash.loc.first_line)) return hash.loc.first_line;
  if (hash && Number.isInteger(hash.line)) return hash.line + 1;
  const match = /line (\d+)/i.exec(String(error && error.message));
  return match ? Number(match[1]) : 0;
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const { id, source } of JSON.parse(input)) {
  try {
    await mermaid.parse(source);
  } catch (error) {
    // jison's "Parse error on line N:" is followed by an excerpt and "Expecting …, got …": keep that.
    const lines = String((error && error.message) || error).split("\n").filter(Boolean);
    const message = /^Parse error/.test(lines[0]) ? lines[lines.length - 1] : lines[0];
    results.push({ id, line: lineOf(error), message: message || "does not parse" });
  }
}
process.stdout.write(JSON.stringify(results));
