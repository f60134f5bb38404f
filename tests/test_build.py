"""The real book builds strictly and writes every page of the nav."""

from conftest import output_path


def test_every_nav_page_is_written(built_site, nav_pages):
    missing = [src for src in nav_pages if not output_path(built_site.path, src).is_file()]
    assert nav_pages, "mkdocs.yml has no pages in its nav"
    assert not missing, f"pages in the nav that the build did not write: {missing}"


def test_strict_build_reports_no_warnings(built_site):
    # --strict turns warnings into a failed build; this also catches a future switch to lenient mode.
    warnings = [line for line in built_site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert warnings == []


def test_no_page_references_another_host_for_assets(built_site):
    """Scripts, styles, fonts and images come from the site itself (links to other sites are fine)."""
    import re

    asset_ref = re.compile(
        r'<(?:script|img|source|iframe)[^>]+src="(https?:)?//|'
        r'<link[^>]+rel="(?:stylesheet|preload|modulepreload|icon)"[^>]+href="(https?:)?//|'
        r'@import\s+url\(\s*["\']?(https?:)?//|import\s[^;]*?from\s+"(https?:)?//'
    )
    offenders = [
        str(p.relative_to(built_site.path))
        for p in built_site.html_pages()
        if asset_ref.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_pages_without_diagrams_do_not_load_mermaid(built_site):
    plain = [p for p in built_site.html_pages() if 'class="mermaid"' not in p.read_text(encoding="utf-8")]
    loading = [
        str(p.relative_to(built_site.path)) for p in plain if "mermaid-global.mjs" in p.read_text(encoding="utf-8")
    ]
    assert plain, "every page has a diagram, so this test checks nothing"
    assert loading == []


def test_pages_with_diagrams_load_the_local_mermaid(built_site):
    with_diagrams = [p for p in built_site.html_pages() if 'class="mermaid"' in p.read_text(encoding="utf-8")]
    assert with_diagrams, "no page has a diagram"
    for page in with_diagrams:
        html = page.read_text(encoding="utf-8")
        assert 'import mermaid from "./' in html or 'import mermaid from "../' in html, page
    bundle = built_site.path / "assets/javascripts/mermaid/mermaid.esm.min.mjs"
    assert bundle.is_file(), "the mermaid bundle copied from node_modules is not in the site"
