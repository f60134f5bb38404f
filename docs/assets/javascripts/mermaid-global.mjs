// Loads the mermaid bundle that `make` copies from node_modules (never a CDN) and publishes it as
// window.mermaid. Material's diagram renderer looks for that global when the page is ready and only
// fetches mermaid from unpkg.com when it is missing; module scripts run before DOMContentLoaded, so the
// global is always there first. mkdocs-mermaid2-plugin imports this file on pages that have diagrams.
import mermaid from "./mermaid/mermaid.esm.min.mjs";
// Our settings and theme fixes, and the hand-over of each rendered diagram to the viewer.
import { configure } from "./diagram-setup.mjs";

configure(mermaid);
window.mermaid = mermaid;

export default mermaid;
