"""The generated page features/index.md: every feature the book mentions, its stages and where it is used."""

import posixpath

from . import features

PAGE = "features/index.md"
KIND_TITLES = {"gate": "特性门控（Feature Gate）", "api": "API 版本", "flag": "命令行参数", "feature": "其他特性"}


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _used_in(name, usages):
    links = []
    for src in sorted(usages.get(name, ())):
        href = posixpath.relpath(src, posixpath.dirname(PAGE))
        links.append(f"[{_cell(src.removesuffix('.md'))}]({href})")
    return "、".join(links) or "—"


def _source(feature):
    if feature.source.startswith("https://"):
        return f"[核对来源]({feature.source})"
    return f"`{_cell(feature.source)}`"


def render_page(data, sources):
    """Markdown of the page. sources: {docs path: Markdown} of every page, to list where each feature is used."""
    usages = {}
    for src, text in sources.items():
        for _, name, _ in features.uses(text):
            usages.setdefault(name, set()).add(src)
    target = data.releases["kubernetes"]
    others = "、".join(
        f"{features.STREAM_PREFIX.get(s, s + ' ')}v{r}" for s, r in sorted(data.releases.items()) if s != "kubernetes"
    )
    out = [
        "---",
        "description: 本书提到的每个特性门控、API 版本与参数的阶段历程，按本书核对的版本生成。",
        "---",
        "",
        "# 特性阶段一览",
        "",
        f"> 正文里的「v1.xx Beta → v1.yy GA」这类文字都从同一份数据生成，按 Kubernetes v{target}"
        + (f"（以及 {others}）" if others else "")
        + " 渲染；这里列出全部条目和用到它们的页面。",
        "",
        f"共 {len(data.features)} 个条目。数据文件是仓库里的 `{features.DATA_FILE}`，每条都注明核对来源。",
        "",
    ]
    for kind, title in KIND_TITLES.items():
        items = sorted((f for f in data.features.values() if f.kind == kind), key=lambda f: f.name.casefold())
        if not items:
            continue
        out += [
            f"## {title} {{#{kind}}}",
            "",
            "| 名称 | 组件 | 当前阶段 | 阶段历程 | 本书出现 | 来源 |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for feature in items:
            name = f"`{_cell(feature.name)}`" + (f"（{_cell(feature.zh)}）" if feature.zh else "")
            try:
                now = features.render(data, feature.name, "now")
                history = features.render(data, feature.name)
            except features.RenderError:
                now, history = "尚未进入", "—"
            out.append(f"<!-- source: {features.DATA_FILE}:{feature.line} -->")
            out.append(
                f"| {name} | {_cell('、'.join(feature.components))} | {_cell(now)} | {_cell(history)} | "
                f"{_used_in(feature.name, usages)} | {_source(feature)} |"
            )
        out.append("")
    return "\n".join(out) + "\n"
