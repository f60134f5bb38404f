// Adjusts the local mermaid before Material renders the book's diagrams with it (imported by
// docs/assets/javascripts/mermaid-global.mjs, so it runs on every page with diagrams, the print page too).
//
// Material calls mermaid.initialize() with its own settings and ignores window.mermaidConfig, where
// mkdocs-mermaid2-plugin puts the `arguments:` of mkdocs.yml; Material also draws each diagram into a
// closed shadow root, so page CSS cannot reach it. Wrapping the two calls Material makes fixes both:
// initialize() gets our arguments and extra theme CSS merged in, and render() hands the shadow root to
// diagram-viewer.js, which makes the diagram scroll, zoom and open full screen.

// Inside the shadow root only the theme CSS applies; Material's theme CSS styles `#arrowhead`, but
// mermaid 11 names its markers `<diagram id>-arrowhead` and so on, which left the arrowheads of sequence
// diagrams near-black on the dark background. Every colour is one of Material's variables, so toggling
// the palette on a loaded page recolours the diagrams too.
const THEME_CSS = `
[id$="-arrowhead"] path, [id$="-filled-head"] path,
[id$="-solidTopArrowHead"] path, [id$="-solidBottomArrowHead"] path {
  fill: var(--md-mermaid-sequence-message-line-color) !important;
  stroke: var(--md-mermaid-sequence-message-line-color) !important;
}
[id$="-crosshead"] path, [id$="-stickTopArrowHead"] path, [id$="-stickBottomArrowHead"] path {
  stroke: var(--md-mermaid-sequence-message-line-color) !important;
}
[id$="-sequencenumber"] { fill: var(--md-mermaid-sequence-number-bg-color) !important; }
marker path, marker circle, marker polygon { stroke: var(--md-mermaid-edge-color); }
marker.cross path { stroke: var(--md-mermaid-edge-color) !important; }
[id$="-barbEnd"] path { fill: var(--md-mermaid-edge-color) !important; stroke: var(--md-mermaid-edge-color) !important; }
.actor-line { stroke: var(--md-mermaid-sequence-actor-line-color) !important; }
`;

function mergeConfig(material, ours) {
  const merged = Object.assign({}, material);
  Object.keys(ours).forEach((key) => {
    const mine = ours[key];
    if (key === "themeCSS") merged.themeCSS = (material.themeCSS || "") + "\n" + mine;
    else if (mine && typeof mine === "object" && !Array.isArray(mine)) merged[key] = Object.assign({}, material[key], mine);
    else merged[key] = mine;
  });
  merged.themeCSS = (merged.themeCSS || "") + THEME_CSS;
  return merged;
}

export function configure(mermaid) {
  const initialize = mermaid.initialize.bind(mermaid);
  const render = mermaid.render.bind(mermaid);

  // mermaid2 assigns window.mermaidConfig after this module ran: read it when Material calls.
  mermaid.initialize = (config) => {
    const ours = (window.mermaidConfig && window.mermaidConfig.default) || {};
    return initialize(mergeConfig(config || {}, ours));
  };

  // Material inserts the diagram, then calls `fn(shadowRoot)`: announce the rendered diagram from there.
  mermaid.render = async (...args) => {
    const result = await render(...args);
    return Object.assign({}, result, {
      fn(root) {
        root.host.dispatchEvent(new CustomEvent("hb:diagram", { bubbles: true, detail: { root } }));
      },
    });
  };
}
