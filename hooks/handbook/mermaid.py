"""Repairs for the <script> that mkdocs-mermaid2-plugin adds to pages with diagrams."""

import re

# mermaid2 writes `import mermaid from "<path>"` with os.path.relpath, which turns the path of a page at
# the site root into a bare specifier ("assets/..."). Browsers refuse bare specifiers in module scripts,
# so diagrams on the home page would never render.
_BARE_IMPORT = re.compile(r'(import\s+mermaid\s+from\s+")(?![./]|[a-z][a-z0-9+.-]*:)([^"]+")')


def fix_bare_module_import(html: str) -> str:
    """Prefix a bare mermaid import path with './' so it resolves relative to the page."""
    return _BARE_IMPORT.sub(r"\1./\2", html)
