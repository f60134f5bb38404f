"""Every diagram as a reader sees it, in headless Chromium: labels legible at phone and desktop width,
markers, edges and labels visible in the dark scheme (also after toggling the palette on a loaded page),
wide diagrams scrolling with a hint, and the full-screen viewer with pan, zoom, Esc and back."""

import pytest
import reading_probe as probe

pytestmark = pytest.mark.browser

# The threshold; the CSS keeps 16 px labels at 12 px or more.
MIN_LABEL_PX = 10
MIN_GRAPHIC_CONTRAST = 3.0


@pytest.fixture(scope="module")
def pages_with_diagrams(built_site):
    pages = probe.diagram_pages(built_site.path)
    assert len(pages) >= 30, pages
    return pages


@pytest.fixture(scope="module")
def measured(chromium, site_url, pages_with_diagrams):
    """Every diagram page loaded once, in the dark scheme: contrast at 1280 px, label sizes at 1280 and,
    after resizing the window, at 390 px (the SVG is the same; only the layout around it changes)."""
    context, page, foreign, errors = probe.open_reader(chromium, site_url, scheme="dark", open_shadow_roots=True)
    results = {}
    for rel in pages_with_diagrams:
        page.set_viewport_size(probe.DESKTOP)
        page.goto(site_url + rel, wait_until="load")
        probe.wait_for_diagrams(page)
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        results[rel] = {"scheme": scheme, "contrast": probe.diagram_contrast(page), 1280: probe.diagram_labels(page)}
        page.set_viewport_size(probe.PHONE)
        page.wait_for_timeout(50)
        results[rel][390] = probe.diagram_labels(page)
    context.close()
    return results, foreign, errors


@pytest.mark.parametrize("width", [390, 1280], ids=["phone-390", "desktop-1280"])
def test_no_diagram_label_renders_below_10px(measured, width):
    results, foreign, errors = measured
    small, counted = [], 0
    for rel, found in results.items():
        for diagram in found[width]:
            counted += 1
            if not diagram["count"] or diagram["min"] < MIN_LABEL_PX:
                small.append(
                    f"{rel} diagram {diagram['index']} ({diagram['type']}): {diagram['min']} px «{diagram['smallest']}»"
                )
    assert counted >= 60
    assert small == [] and foreign == [] and errors == []


def _low_contrast(diagrams, rel):
    found = []
    for diagram in diagrams:
        kinds = {item["kind"] for item in diagram["items"]}
        assert {"label", "edge"} <= kinds, f"{rel} diagram {diagram['index']}: nothing measured ({kinds})"
        for item in diagram["items"]:
            if item["ratio"] < MIN_GRAPHIC_CONTRAST:
                found.append(
                    f"{rel} diagram {diagram['index']} ({diagram['type']}) {item['kind']} "
                    f"«{item['what']}»: {item['ratio']:.2f}:1"
                )
    return found


def test_every_marker_edge_and_label_meets_3_to_1_in_dark_mode(measured):
    results, _foreign, errors = measured
    low, types, markers = [], set(), set()
    for rel, found in results.items():
        assert found["scheme"] == "slate", rel
        types |= {d["type"] for d in found["contrast"]}
        markers |= {(d["type"], i["what"]) for d in found["contrast"] for i in d["items"] if i["kind"] == "marker"}
        low += _low_contrast(found["contrast"], rel)
    # The book's three diagram types were all measured, the sequence diagrams' arrowheads among them.
    assert {"flowchart-v2", "sequence", "stateDiagram"} <= types
    assert ("sequence", "arrowhead") in markers
    assert low == [] and errors == []


# One page per diagram type the book uses.
TOGGLE_PAGES = ["workloads/pod/", "etcd/raft/"]


@pytest.mark.parametrize("rel", TOGGLE_PAGES)
def test_contrast_holds_after_toggling_the_palette_on_a_loaded_page(chromium, site_url, rel):
    context, page, _foreign, errors = probe.open_reader(chromium, site_url + rel, open_shadow_roots=True)
    probe.wait_for_diagrams(page)
    for _ in range(3):  # auto → light → dark: click the toggle until the dark scheme is on
        if page.evaluate("document.body.dataset.mdColorScheme") == "slate":
            break
        page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    low = _low_contrast(probe.diagram_contrast(page), rel)
    context.close()
    assert low == [] and errors == []


def test_wide_diagrams_scroll_sideways_with_a_visible_hint(chromium, site_url):
    context, page, _foreign, errors = probe.open_reader(
        chromium, site_url + "security/certificates/", viewport=probe.PHONE
    )
    probe.wait_for_diagrams(page)
    figure = page.locator(".hb-diagram--wide").first
    scroller = figure.locator(".hb-diagram__scroller")
    assert scroller.evaluate("s => s.scrollWidth > s.clientWidth * 1.5")
    assert figure.locator(".hb-diagram__hint").is_visible()
    assert scroller.get_attribute("tabindex") == "0"  # a scrolling region is reachable by keyboard
    scroller.evaluate("s => { s.scrollLeft = 200; }")
    assert scroller.evaluate("s => s.scrollLeft") == 200
    # A diagram that fits shows no hint.
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(site_url + "etcd/raft/", wait_until="load")
    probe.wait_for_diagrams(page)
    narrow = page.locator(".hb-diagram:not(.hb-diagram--wide)").first
    assert narrow.locator(".hb-diagram__hint").is_hidden()
    context.close()
    assert errors == []


def _transform(page):
    return page.locator(".hb-viewer__canvas").evaluate("c => getComputedStyle(c).transform")


def test_viewer_opens_full_screen_zooms_and_closes_by_esc_and_back(chromium, site_url):
    context, page, foreign, errors = probe.open_reader(chromium, site_url + "workloads/pod/")
    probe.wait_for_diagrams(page)
    # Keyboard: Tab reaches the 放大 button, Enter opens the viewer.
    button = page.locator(".hb-diagram__open").first
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.hb-viewer")
    dialog.wait_for(state="visible")
    box = dialog.bounding_box()
    assert box["width"] >= 1270 and box["height"] >= 790  # the whole window
    page.wait_for_function("document.querySelector('.hb-viewer__canvas').style.transform.includes('scale')")
    assert page.evaluate("typeof window.Panzoom") == "function"  # served by the site (no foreign request)
    before = _transform(page)
    page.keyboard.press("+")
    page.wait_for_timeout(300)
    zoomed = _transform(page)
    assert zoomed != before
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(300)
    assert _transform(page) != zoomed
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('hb-diagram__open')")
    # A click on the diagram itself opens it too; the browser's back button closes it and stays on the page.
    url = page.url
    page.locator(".hb-diagram div.mermaid").first.click()
    dialog.wait_for(state="visible")
    page.go_back()
    dialog.wait_for(state="hidden")
    assert page.url == url
    context.close()
    assert foreign == [] and errors == []


def test_viewer_pinch_zooms_on_a_touch_screen(chromium, site_url):
    context, page, _foreign, errors = probe.open_reader(
        chromium, site_url + "workloads/pod/", viewport=probe.PHONE, touch=True
    )
    probe.wait_for_diagrams(page)
    page.locator(".hb-diagram__open").first.tap()
    page.locator("dialog.hb-viewer").wait_for(state="visible")
    page.wait_for_function("document.querySelector('.hb-viewer__canvas').style.transform.includes('scale')")
    scale = (
        "() => parseFloat(/scale\\(([\\d.]+)\\)/.exec(document.querySelector('.hb-viewer__canvas').style.transform)[1])"
    )
    before = page.evaluate(scale)
    stage = page.locator(".hb-viewer__stage").bounding_box()
    cx, cy = stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2
    # Two fingers moving apart, as pointer events (what Panzoom listens to).
    page.evaluate(
        """([cx, cy]) => {
            const stage = document.querySelector('.hb-viewer__canvas');
            const fire = (type, id, x) => stage.dispatchEvent(new PointerEvent(type, {
                pointerId: id, pointerType: 'touch', clientX: x, clientY: cy, bubbles: true, isPrimary: id === 1}));
            fire('pointerdown', 1, cx - 20); fire('pointerdown', 2, cx + 20);
            for (let step = 1; step <= 10; step++) {
                fire('pointermove', 1, cx - 20 - step * 8);
                fire('pointermove', 2, cx + 20 + step * 8);
            }
            fire('pointerup', 1, cx - 100); fire('pointerup', 2, cx + 100);
        }""",
        [cx, cy],
    )
    page.wait_for_timeout(200)
    assert page.evaluate(scale) > before * 1.5
    context.close()
    assert errors == []
