// Measures what a reader sees of the book's diagrams, in a page whose shadow roots were opened by
// tools/reading_probe.py's init script (Material renders each diagram into a closed shadow root).
// Evaluated by Playwright: the expression's value is the probe object.
(() => {
  // SVG text draws its glyphs in its tspans when it has any; HTML labels in their innermost element.
  const TEXT = "text, tspan, foreignObject span, foreignObject p, foreignObject div";

  function parseColor(value) {
    const m = /rgba?\(([^)]+)\)/.exec(value || "");
    if (!m) return null;
    const parts = m[1].split(/[,\s/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }

  function over(top, bottom) {
    const a = top.a;
    return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
  }

  function luminance(c) {
    const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  }

  function ratio(fg, bg) {
    const a = luminance(fg), b = luminance(bg);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  // The opaque colour behind the diagram host: the nearest ancestor with a background.
  function pageBackground(node) {
    let layers = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = parseColor(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
    return result;
  }

  function opacity(node, stop) {
    let value = 1;
    for (let n = node; n && n !== stop && n.nodeType === 1; n = n.parentNode) {
      value *= parseFloat(getComputedStyle(n).opacity || "1");
    }
    return value;
  }

  function paint(node, prop) {
    const style = getComputedStyle(node);
    const c = parseColor(style[prop]);
    if (!c) return null;
    const extra = prop === "fill" ? style.fillOpacity : prop === "stroke" ? style.strokeOpacity : "1";
    c.a *= parseFloat(extra || "1");
    return c;
  }

  // What is painted under a point of the diagram, without `skip` (the thing being measured).
  function backgroundAt(root, svg, x, y, skip, base) {
    const layers = [];
    for (const n of root.elementsFromPoint(x, y)) {
      if (!svg.contains(n) || n === svg) continue;
      if (skip && (n === skip || skip.contains(n) || n.contains(skip))) continue;
      if (n.closest("marker, defs")) continue;
      let c = null;
      if (n instanceof SVGElement) {
        if (!/^(rect|path|polygon|circle|ellipse)$/.test(n.tagName)) continue;
        c = paint(n, "fill");
      } else {
        c = parseColor(getComputedStyle(n).backgroundColor);
      }
      if (!c || c.a === 0) continue;
      c.a *= opacity(n, svg);
      layers.push(c);
      if (c.a >= 1) break;
    }
    let result = base;
    for (let i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
    return result;
  }

  function centre(node) {
    const r = node.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2, r.width * r.height];
  }

  function hosts() {
    return [...document.querySelectorAll("div.mermaid")].filter((h) => h.shadowRoot && h.shadowRoot.querySelector("svg"));
  }

  function labelNodes(svg) {
    return [...svg.querySelectorAll(TEXT)].filter((n) => {
      if (!n.textContent.trim()) return false;
      const tag = n.tagName.toLowerCase();
      if (tag === "text" && n.querySelector("tspan")) return false;
      if (tag !== "text" && tag !== "tspan" && n.querySelector("span, p, div")) return false;
      const r = n.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    });
  }

  // Effective label size: the computed font size scaled by everything between the SVG's user units
  // and the screen (viewBox scaling included).
  function labelSize(node) {
    const graphic = node.closest("foreignObject") || node;
    const m = graphic.getScreenCTM();
    if (!m) return null;
    return parseFloat(getComputedStyle(node).fontSize) * Math.hypot(m.a, m.b);
  }

  function labels() {
    return hosts().map((host, index) => {
      const svg = host.shadowRoot.querySelector("svg");
      const sizes = labelNodes(svg).map(labelSize).filter((s) => s !== null);
      const smallest = labelNodes(svg).map((n) => [labelSize(n), n.textContent.trim().slice(0, 40)])
        .sort((a, b) => a[0] - b[0])[0];
      return {
        index, type: svg.getAttribute("aria-roledescription"), count: sizes.length,
        min: sizes.length ? Math.min(...sizes) : null, smallest: smallest ? smallest[1] : null,
        drawnWidth: svg.viewBox.baseVal.width, shownWidth: svg.getBoundingClientRect().width,
      };
    });
  }

  function markerIds(svg) {
    const used = new Set();
    svg.querySelectorAll("*").forEach((n) => {
      ["markerEnd", "markerStart", "markerMid"].forEach((p) => {
        const m = /url\("?#([^")]+)"?\)/.exec(getComputedStyle(n)[p] || "");
        if (m) used.add(m[1]);
      });
    });
    return used;
  }

  // Every marker in use, edge and label of each diagram, with its contrast against what lies under it.
  function contrast() {
    return hosts().map((host, index) => {
      host.scrollIntoView({ block: "center", inline: "nearest" });
      const root = host.shadowRoot;
      const svg = root.querySelector("svg");
      const base = pageBackground(host);
      const items = [];
      const used = markerIds(svg);
      svg.querySelectorAll("marker").forEach((marker) => {
        if (!used.has(marker.id)) return;
        let best = 0;
        marker.querySelectorAll("path, circle, polygon, rect").forEach((shape) => {
          const fill = paint(shape, "fill");
          const stroke = parseFloat(getComputedStyle(shape).strokeWidth) > 0 ? paint(shape, "stroke") : null;
          [fill, stroke].forEach((c) => { if (c && c.a > 0) best = Math.max(best, ratio(over(c, base), base)); });
        });
        items.push({ kind: "marker", what: marker.id.replace(/^__mermaid_\d+[-_]?/, ""), ratio: best });
      });
      const edges = svg.querySelectorAll(
        "path.flowchart-link, .edgePaths path, path.transition, line.messageLine0, line.messageLine1, " +
        "path.messageLine0, path.messageLine1, line.actor-line, line.loopLine, path.relation");
      edges.forEach((edge) => {
        const stroke = paint(edge, "stroke");
        if (!stroke || stroke.a === 0) return;
        let x, y;
        if (edge.getTotalLength && edge.getTotalLength() > 0) {
          const p = edge.getPointAtLength(edge.getTotalLength() / 2);
          const m = edge.getScreenCTM();
          x = m.a * p.x + m.c * p.y + m.e;
          y = m.b * p.x + m.d * p.y + m.f;
        } else {
          [x, y] = centre(edge);
        }
        const bg = backgroundAt(root, svg, x, y, edge, base);
        stroke.a *= opacity(edge, svg);
        items.push({ kind: "edge", what: edge.getAttribute("class") || edge.tagName, ratio: ratio(over(stroke, bg), bg) });
      });
      labelNodes(svg).forEach((node) => {
        const isText = node instanceof SVGElement;
        const fg = isText ? paint(node, "fill") : parseColor(getComputedStyle(node).color);
        if (!fg || fg.a === 0) return;
        const [x, y] = centre(node);
        let bg = backgroundAt(root, svg, x, y, node, base);
        // An HTML label's own box and its ancestors up to the foreignObject paint under the text.
        if (!isText) {
          const chain = [];
          for (let n = node; n && n.tagName.toLowerCase() !== "foreignobject"; n = n.parentElement) chain.push(n);
          for (let i = chain.length - 1; i >= 0; i--) {
            const c = parseColor(getComputedStyle(chain[i]).backgroundColor);
            if (c && c.a > 0) bg = over(c, bg);
          }
        }
        fg.a *= opacity(node, svg);
        items.push({ kind: "label", what: node.textContent.trim().slice(0, 30), ratio: ratio(over(fg, bg), bg) });
      });
      return { index, type: svg.getAttribute("aria-roledescription"), items };
    });
  }

  return { labels, contrast, ratio, parseColor, pageBackground };
})()
