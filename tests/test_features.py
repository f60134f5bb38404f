"""Feature stages from data: the data file, the [[feature:…]] syntax, stamps written by hand, the maintainer tools."""

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import features as features_tool
import pytest

from handbook import features, features_page

ROOT = Path(__file__).resolve().parent.parent

DATA = textwrap.dedent("""\
    releases:
      gateway-api: "1.5"

    features:
      - name: SidecarContainers
        kind: gate
        component: [kubelet, kube-apiserver]
        stages:
          - {stage: alpha, from: "1.28", default: false}
          - {stage: beta, from: "1.29", default: true}
          - {stage: stable, from: "1.33", locked: true}
        source: https://example.org/sidecar
      - name: FutureThing
        kind: gate
        component: kubelet
        stages:
          - {stage: alpha, from: "1.39", default: false}
        source: https://example.org/future
      - name: kube-controller-manager --pod-eviction-timeout
        kind: flag
        component: kube-controller-manager
        stages:
          - {stage: deprecated, from: "1.26"}
          - {stage: removed, from: "1.27"}
        source: https://example.org/flag
      - name: TCPRoute
        kind: feature
        component: Gateway API
        stream: gateway-api
        stages:
          - {stage: alpha, from: "0.4", label: Experimental}
          - {stage: stable, from: "1.5", label: Standard}
        source: https://example.org/gateway
    """)


@pytest.fixture
def data():
    return features.load(DATA, "1.37")


def test_history_now_and_stage_forms(data):
    assert features.render(data, "SidecarContainers") == "v1.28 Alpha（默认关闭）→ v1.29 Beta（默认开启）→ v1.33 GA"
    assert features.render(data, "SidecarContainers", "now") == "GA（v1.33 起）"
    assert features.render(data, "SidecarContainers", "beta") == "v1.29"
    assert features.render(data, "kube-controller-manager --pod-eviction-timeout", "now") == "已移除（v1.27 起）"
    assert features.render(data, "TCPRoute") == "Gateway API v0.4 Experimental → v1.5 Standard"
    assert features.render(data, "TCPRoute", "now") == "Standard（Gateway API v1.5 起）"


def test_a_deprecated_gate_shows_whether_it_is_still_on():
    data = features.load(
        DATA.replace(
            "features:\n",
            "features:\n  - name: KMSv1\n    kind: gate\n    component: kube-apiserver\n    stages:\n"
            '      - {stage: deprecated, from: "1.28", default: true}\n'
            '      - {stage: deprecated, from: "1.29", default: false}\n    source: https://example.org/kms\n',
            1,
        ),
        "1.37",
    )
    assert features.render(data, "KMSv1") == "v1.28 弃用（默认开启）→ v1.29 弃用（默认关闭）"
    assert features.render(data, "KMSv1", "now") == "已弃用，默认关闭（v1.29 起）"


def test_a_gate_removed_after_ga_keeps_its_feature():
    removed = DATA.replace(
        '      - {stage: stable, from: "1.33", locked: true}\n',
        '      - {stage: stable, from: "1.33", locked: true}\n      - {stage: removed, from: "1.36"}\n',
        1,
    )
    assert removed != DATA
    data = features.load(removed, "1.37")
    assert features.render(data, "SidecarContainers").endswith("→ v1.33 GA → v1.36 门控移除")
    assert features.render(data, "SidecarContainers", "now") == "GA（v1.33 起，门控已于 v1.36 移除）"
    assert features.render(data, "SidecarContainers", "removed") == "v1.36"
    # A flag (or a gate that never reached GA) that is removed is gone for good.
    flag = "kube-controller-manager --pod-eviction-timeout"
    assert features.render(data, flag) == "v1.26 弃用 → v1.27 移除"


def test_stages_after_the_target_release_are_not_shown():
    older = features.load(DATA, "1.30")
    assert features.render(older, "SidecarContainers") == "v1.28 Alpha（默认关闭）→ v1.29 Beta（默认开启）"
    assert features.render(older, "SidecarContainers", "now") == "Beta，默认开启（v1.29 起）"
    with pytest.raises(features.RenderError, match="no stable stage by v1.30"):
        features.render(older, "SidecarContainers", "stable")


def test_a_feature_without_a_stage_yet_or_unknown_is_an_error(data):
    with pytest.raises(features.RenderError, match="no stage yet in v1.37"):
        features.render(data, "FutureThing")
    with pytest.raises(features.RenderError, match="unknown feature 'Nope'"):
        features.render(data, "Nope")


def test_tokens_in_prose_are_replaced_and_code_is_left_alone(data):
    page = textwrap.dedent("""\
        # 边车

        边车容器 [[feature:SidecarContainers]]，当前 [[feature:SidecarContainers:now]]，目标 [[version]]。
        写法示例：`[[feature:SidecarContainers]]`

        ```markdown
        [[feature:Nope]]
        ```
        """)
    out, problems = features.substitute(page, data, "docs/a.md")
    assert problems == []
    assert "v1.28 Alpha（默认关闭）→ v1.29 Beta（默认开启）→ v1.33 GA</span>" in out
    assert 'data-feature="SidecarContainers">GA（v1.33 起）</span>' in out and "目标 v1.37。" in out
    assert "`[[feature:SidecarContainers]]`" in out and "[[feature:Nope]]" in out
    assert out.count("\n") == page.count("\n")


def test_an_unknown_name_fails_at_its_source_line(data):
    page = "# x\n\n一段\n\n第二段 [[feature:Sidecars]] 写错了\n"
    _, problems = features.substitute(page, data, "docs/a.md", first_line=4)
    assert [str(p) for p in problems] == [f"docs/a.md:8: unknown feature 'Sidecars': add it to {features.DATA_FILE}"]


@pytest.mark.parametrize(
    "line",
    [
        "原地调整 v1.33 起 Beta 并默认开启。",
        "| `minDomains` | v1.30 GA |",
        "dockershim 在 v1.24 删除",
        "自 1.29 起默认开启",
        "Gateway API v1.5 起 Standard",
    ],
)
def test_stamps_written_by_hand_are_found(line):
    problems, _ = features.stamps(f"# t\n\n{line}\n", "docs/a.md")
    assert [p.line for p in problems] == [3], line


@pytest.mark.parametrize(
    "line",
    [
        "Kubernetes v1.37 于 2026 年 8 月发布，这一章讲 Pod 的阶段。",
        "边车容器：[[feature:SidecarContainers]]，可以放心使用。",
        "`--feature-gates=Foo=true` 在 v1.30 里写法不变，`apps/v1beta1` 已移除。",
        "见 [v1.29 文档](https://kubernetes.io/blog/2023/12/13/kubernetes-v1-29-release/)，稳定可靠。",
        "v1.26，Pod 删除后立即重建。cgroup v2 默认启用",
    ],
)
def test_prose_that_is_not_a_stamp_passes(line):
    assert features.stamps(f"# t\n\n{line}\n", "docs/a.md")[0] == []


def test_code_blocks_and_references_are_skipped_but_diagrams_are_checked():
    page = textwrap.dedent("""\
        ```bash
        # v1.29 起 Beta
        ```

        ```mermaid
        flowchart LR
          A["v1.29 Beta"] --> B
        ```

        ## 参考 {#references}

        - [Kubernetes v1.34: Jobs Goes GA](https://kubernetes.io/blog/)
        """)
    problems, _ = features.stamps(page, "docs/a.md")
    assert [p.line for p in problems] == [7]


def test_deliberate_exceptions_are_listed_not_reported():
    page = "原笔记说「v1.16 起 Beta」。<!-- stage-ok: quoting the notes -->\n"
    problems, exceptions = features.stamps(page, "docs/a.md")
    assert problems == [] and exceptions == [(1, "quoting the notes")]


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ('{stage: beta, from: "1.29", default: true}', '{stage: beta, from: "1.29"}', 10, "needs default: true or"),
        ("    kind: gate\n    component: [kubelet", "    kind: gates\n    component: [kubelet", 6, "kind must be one"),
        ('{stage: stable, from: "1.33", locked: true}', "{stage: stable, from: 1.33}", 11, "must be a quoted release"),
        ("stream: gateway-api", "stream: gateway", 29, "stream 'gateway' has no target release"),
        ('  gateway-api: "1.5"', "  gateway-api: 1.5", 2, "must be quoted"),
    ],
)
def test_bad_data_is_reported_at_its_line(old, new, line, message):
    assert old in DATA
    with pytest.raises(features.FeatureError) as error:
        features.load(DATA.replace(old, new, 1), "1.37")
    assert any(p.line == line and message in p.message for p in error.value.problems), error.value.problems


def test_a_feature_defined_twice_is_reported():
    twice = DATA + DATA.split("features:\n", 1)[1].split("  - name: FutureThing")[0]
    with pytest.raises(features.FeatureError, match="defined twice"):
        features.load(twice, "1.37")


def test_the_generated_page_lists_stages_and_uses(data):
    page = features_page.render_page(data, {"workloads/pod.md": "边车 [[feature:SidecarContainers:now]]"})
    assert "| `SidecarContainers` | kubelet、kube-apiserver | GA（v1.33 起） |" in page
    assert "[workloads/pod](../workloads/pod.md)" in page
    assert "| `FutureThing` | kubelet | 尚未进入 | — |" in page


def _book(tmp_path, page_text):
    (tmp_path / "docs/features").mkdir(parents=True)
    (tmp_path / "docs/features/features.yml").write_text(DATA, encoding="utf-8")
    (tmp_path / "docs/a.md").write_text(page_text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text('extra:\n  k8s_version: "1.37"\n', encoding="utf-8")
    return tmp_path


def test_diff_lists_every_text_that_changes_at_the_next_release(tmp_path):
    root = _book(tmp_path, "# a\n\n当前 [[feature:FutureThing:now]]，边车 [[feature:SidecarContainers:now]]\n")
    out = io.StringIO()
    features_tool.diff("1.39", root=root, out=out)
    text = out.getvalue()
    assert "docs/a.md:3: [[feature:FutureThing:now]]" in text
    assert "v1.39: Alpha，默认关闭（v1.39 起）" in text
    assert "SidecarContainers" not in text and "1 rendered stage text(s) change" in text


def test_check_website_compares_and_rewrites_gate_stages(tmp_path):
    root = _book(tmp_path / "book", "# a\n")
    gates = tmp_path / "website" / features_tool.GATES_DIR
    gates.mkdir(parents=True)
    (gates / "SidecarContainers.md").write_text(
        textwrap.dedent("""\
            ---
            title: SidecarContainers
            stages:
              - stage: alpha
                defaultValue: false
                fromVersion: "1.28"
                toVersion: "1.28"
              - stage: beta
                defaultValue: true
                fromVersion: "1.29"
                toVersion: "1.32"
              - stage: stable
                defaultValue: true
                locked: true
                fromVersion: "1.34"
            ---
            """),
        encoding="utf-8",
    )
    (gates / "FutureThing.md").write_text(
        '---\nstages:\n  - stage: alpha\n    defaultValue: false\n    fromVersion: "1.39"\n---\n', encoding="utf-8"
    )
    out = io.StringIO()
    assert features_tool.check_website(tmp_path / "website", root=root, out=out) == 1
    assert "SidecarContainers" in out.getvalue() and "FutureThing" not in out.getvalue()
    assert features_tool.check_website(tmp_path / "website", write=True, root=root, out=io.StringIO()) == 0
    updated = features.load((root / features.DATA_FILE).read_text(encoding="utf-8"), "1.37")
    assert features.render(updated, "SidecarContainers", "stable") == "v1.34"
    assert features_tool.check_website(tmp_path / "website", root=root, out=io.StringIO()) == 0


def _tiny_book(tmp_path, page):
    """A book with only the features hook: fast, and enough to see the build fail where it should."""
    (tmp_path / "docs/features").mkdir(parents=True)
    (tmp_path / "docs/features/features.yml").write_text(DATA, encoding="utf-8")
    (tmp_path / "docs/index.md").write_text(page, encoding="utf-8")
    hook = ROOT / "hooks" / "features_hook.py"
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nhooks:\n  - {hook}\nexclude_docs: |\n  features/features.yml\n"
        'extra:\n  k8s_version: "1.37"\nnav:\n  - index.md\n  - features/index.md\n',
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


def test_the_build_renders_tokens_and_lists_features(tmp_path):
    result = _tiny_book(tmp_path, "# t\n\n边车容器 [[feature:SidecarContainers:now]]。\n")
    assert result.returncode == 0, result.stderr
    assert "GA（v1.33 起）</span>" in (tmp_path / "site/index.html").read_text(encoding="utf-8")
    listing = (tmp_path / "site/features/index.html").read_text(encoding="utf-8")
    assert "SidecarContainers" in listing and "TCPRoute" in listing


@pytest.mark.parametrize(
    "page, expected",
    [
        ("# t\n\n一段。\n\n原地调整 v1.30 起 Beta。\n", "docs/index.md:5: stage written by hand"),
        ("---\ndescription: x\n---\n\n# t\n\n[[feature:Sidecar]]\n", "docs/index.md:7: unknown feature 'Sidecar'"),
    ],
)
def test_a_stamp_by_hand_or_an_unknown_name_fails_the_build_at_its_line(tmp_path, page, expected):
    result = _tiny_book(tmp_path, page)
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr


def test_glossary_definitions_render_feature_tokens_and_report_unknown_ones_at_their_line(data):
    from handbook import glossary

    terms = glossary.load_terms(
        textwrap.dedent("""\
            - id: sidecar
              en: Sidecar Container
              zh: 边车容器
              short: 随业务容器运行的辅助容器，[[feature:SidecarContainers:now]]。
              body: 阶段：[[feature:Sidecars]]。
              tags: [pod]
              link: a.md
            """),
        "terms.yml",
    )
    problems = glossary.render_texts(terms, lambda text: features.render_plain(text, data), "terms.yml")
    assert terms[0].short == "随业务容器运行的辅助容器，GA（v1.33 起）。"
    assert problems == [f"terms.yml:5: term 'sidecar': unknown feature 'Sidecars': add it to {features.DATA_FILE}"]
