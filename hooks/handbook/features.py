"""Feature stages from data: docs/features/features.yml, the [[feature:…]] syntax, and stage stamps in prose.

Pages never write a stage by hand ("v1.29 起 Beta"); they name the feature and the build renders its stage for
the book's target release, the way kubernetes/website's feature-state shortcode renders a gate from the gate's
own data. Everything here is pure: the hook, `make lint` and tools/features.py call it.
"""

import re
from dataclasses import dataclass, field

import yaml

from . import yamlparse
from .problem import Problem

DATA_FILE = "docs/features/features.yml"
KINDS = ("gate", "api", "flag", "feature")
STAGES = ("alpha", "beta", "stable", "deprecated", "removed")
STAGE_WORDS = {"alpha": "Alpha", "beta": "Beta", "stable": "GA", "deprecated": "弃用", "removed": "移除"}
NOW_WORDS = {"deprecated": "已弃用", "removed": "已移除"}
# How a release of each line is written; Kubernetes is the book's own line and needs no name.
STREAM_PREFIX = {
    "kubernetes": "",
    "gateway-api": "Gateway API ",
    "etcd": "etcd ",
    "helm": "Helm ",
    "containerd": "containerd ",
    "cri-o": "CRI-O ",
    "istio": "Istio ",
    "cilium": "Cilium ",
}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9./ _-]*")
_VERSION = re.compile(r"\d+\.\d+")
_STAGE_FIELDS = {"stage", "from", "default", "locked", "label"}
_FEATURE_FIELDS = {"name", "kind", "component", "stream", "stages", "source", "zh", "note"}


def version_key(text):
    return tuple(int(part) for part in text.split("."))


@dataclass
class Stage:
    stage: str
    since: str
    default: bool | None = None
    locked: bool = False
    label: str = ""

    @property
    def word(self):
        return self.label or STAGE_WORDS[self.stage]


@dataclass
class Feature:
    name: str
    kind: str
    components: list
    stream: str
    stages: list
    source: str
    line: int
    zh: str = ""
    note: str = ""
    stage_lines: list = field(default_factory=list)

    def stages_until(self, release):
        """The stages that had begun by `release` (a "1.37"-style string of the feature's own line)."""
        return [s for s in self.stages if version_key(s.since) <= version_key(release)]


@dataclass
class FeatureData:
    features: dict  # name -> Feature
    releases: dict  # stream -> target release, "kubernetes" included

    def target(self, feature):
        return self.releases[feature.stream]


class FeatureError(Exception):
    """Every problem found in the data file, as Problems."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


# ---------------------------------------------------------------------------------------------------
# The data file


# The features hook and the glossary hook (whose definitions name stages) each load the data, the
# glossary hook twice: the data for the same text and release is read once. Callers only read it.
_loaded = {}  # (text, release, filename) -> FeatureData or FeatureError, for the latest text only


def load(text, kubernetes_release, filename=DATA_FILE):
    """Parse and validate the data; return FeatureData or raise FeatureError with file:line problems.

    The same text and release give the same FeatureData object: treat it as read-only."""
    key = (text, kubernetes_release, filename)
    if key not in _loaded:
        _loaded.clear()
        try:
            _loaded[key] = _load(text, kubernetes_release, filename)
        except FeatureError as error:
            _loaded[key] = error
    data = _loaded[key]
    if isinstance(data, FeatureError):
        raise FeatureError(list(data.problems))
    return data


def _load(text, kubernetes_release, filename):
    try:
        values, root = yamlparse.values_and_nodes(text)  # line numbers come from the nodes
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise FeatureError(
            [Problem(filename, mark.line + 1 if mark else 0, f"malformed YAML: {error.problem}")]
        ) from None
    if not isinstance(values, dict) or not isinstance(root, yaml.MappingNode):
        raise FeatureError([Problem(filename, 1, "the file must be a mapping with `releases:` and `features:`")])
    nodes = {key.value: (key, value) for key, value in root.value}
    problems = []
    releases = {"kubernetes": kubernetes_release}
    for stream, release in (values.get("releases") or {}).items():
        line = _line_of_key(nodes.get("releases"), stream)
        if stream == "kubernetes":
            problems.append(
                Problem(filename, line, "the Kubernetes release is extra.k8s_version in mkdocs.yml, not here")
            )
        elif not isinstance(release, str) or not _VERSION.fullmatch(release):
            problems.append(
                Problem(filename, line, f"release of '{stream}' must be quoted like \"3.6\", not {release!r}")
            )
        else:
            releases[stream] = release
    features = {}
    feature_nodes = nodes.get("features", (None, None))[1]
    items = values.get("features") or []
    if not isinstance(items, list):
        raise FeatureError([Problem(filename, _line(feature_nodes), "`features:` must be a list")])
    for node, value in zip(feature_nodes.value if feature_nodes is not None else [], items, strict=True):
        feature = _feature(node, value, releases, filename, problems)
        if feature is None:
            continue
        if feature.name in features:
            first = features[feature.name].line
            problems.append(
                Problem(filename, feature.line, f"feature '{feature.name}' is defined twice (first at line {first})")
            )
        else:
            features[feature.name] = feature
    if problems:
        raise FeatureError(problems)
    return FeatureData(features, releases)


def _line(node):
    return node.start_mark.line + 1 if node is not None else 1


def _line_of_key(pair, key):
    if pair is None or not isinstance(pair[1], yaml.MappingNode):
        return 1
    for key_node, _ in pair[1].value:
        if key_node.value == key:
            return _line(key_node)
    return _line(pair[1])


def _feature(node, value, releases, filename, problems):
    line = _line(node)
    if not isinstance(value, dict):
        problems.append(
            Problem(filename, line, "each feature must be a mapping (name, kind, component, stages, source)")
        )
        return None
    lines = {key.value: _line(key) for key, _ in node.value}
    name = value.get("name")
    label = f"feature '{name}'"
    before = len(problems)
    for key in value:
        if key not in _FEATURE_FIELDS:
            problems.append(Problem(filename, lines[key], f"{label}: unknown field '{key}'"))
    for key in ("name", "kind", "component", "stages", "source"):
        if not value.get(key):
            problems.append(Problem(filename, lines.get(key, line), f"{label}: '{key}' is missing or empty"))
    if len(problems) > before:
        return None
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        problems.append(
            Problem(filename, lines["name"], f"{label}: a name uses letters, digits, '.', '/', '-', '_' and spaces")
        )
    if value["kind"] not in KINDS:
        problems.append(Problem(filename, lines["kind"], f"{label}: kind must be one of {', '.join(KINDS)}"))
    stream = value.get("stream", "kubernetes")
    if stream not in releases:
        problems.append(
            Problem(
                filename,
                lines.get("stream", line),
                f"{label}: stream '{stream}' has no target release under `releases:`",
            )
        )
    components = value["component"] if isinstance(value["component"], list) else [value["component"]]
    source = str(value["source"])
    if not source.startswith("https://") and "/" not in source:
        problems.append(
            Problem(filename, lines["source"], f"{label}: source must be the URL or repository file checked")
        )
    stages, stage_lines = _stages(node, value, label, value["kind"], filename, problems)
    if len(problems) > before:
        return None
    return Feature(
        name,
        value["kind"],
        [str(c) for c in components],
        stream,
        stages,
        source,
        line,
        zh=str(value.get("zh") or ""),
        note=str(value.get("note") or ""),
        stage_lines=stage_lines,
    )


def _stages(node, value, label, kind, filename, problems):
    stages_node = next(v for k, v in node.value if k.value == "stages")
    items = value["stages"]
    if not isinstance(items, list) or not isinstance(stages_node, yaml.SequenceNode):
        problems.append(Problem(filename, _line(stages_node), f"{label}: stages must be a list"))
        return [], []
    stages, lines = [], []
    for stage_node, item in zip(stages_node.value, items, strict=True):
        line = _line(stage_node)
        if not isinstance(item, dict) or set(item) - _STAGE_FIELDS or "stage" not in item or "from" not in item:
            problems.append(
                Problem(
                    filename,
                    line,
                    f'{label}: a stage is {{stage: …, from: "1.xx"}} with optional default, locked, label',
                )
            )
            continue
        if item["stage"] not in STAGES:
            problems.append(Problem(filename, line, f"{label}: stage must be one of {', '.join(STAGES)}"))
            continue
        if not isinstance(item["from"], str) or not _VERSION.fullmatch(item["from"]):
            problems.append(
                Problem(filename, line, f'{label}: from must be a quoted release like "1.29", not {item["from"]!r}')
            )
            continue
        default = item.get("default")
        if kind == "gate" and item["stage"] in ("alpha", "beta") and not isinstance(default, bool):
            problems.append(
                Problem(filename, line, f"{label}: a gate's {item['stage']} stage needs default: true or false")
            )
            continue
        if stages and version_key(item["from"]) < version_key(stages[-1].since):
            problems.append(Problem(filename, line, f"{label}: stages must be in release order, oldest first"))
            continue
        stages.append(
            Stage(item["stage"], item["from"], default, bool(item.get("locked")), str(item.get("label") or ""))
        )
        lines.append(line)
    return stages, lines


# ---------------------------------------------------------------------------------------------------
# Rendering


def _release(feature, version):
    return f"{STREAM_PREFIX.get(feature.stream, feature.stream + ' ')}v{version}"


# Stages whose default matters to a reader: a deprecated gate may still be on, then switched off.
_WITH_DEFAULT = ("alpha", "beta", "deprecated")


def _stage_text(stage):
    if stage.stage in _WITH_DEFAULT and stage.default is not None and not stage.label:
        return f"{stage.word}（默认{'开启' if stage.default else '关闭'}）"
    return stage.word


class RenderError(ValueError):
    pass


def _graduated_gate(feature, reached):
    """The `removed` stage of a gate that went GA first: the gate is gone, the feature stays (always on)."""
    if feature.kind == "gate" and len(reached) >= 2 and reached[-1].stage == "removed":
        if reached[-2].stage == "stable":
            return reached[-1]
    return None


def render(data, name, mode="history"):
    """The text a [[feature:name:mode]] token stands for at the data's target releases."""
    feature = data.features.get(name)
    if feature is None:
        raise RenderError(f"unknown feature '{name}': add it to {DATA_FILE}")
    target = data.target(feature)
    reached = feature.stages_until(target)
    if not reached:
        raise RenderError(f"feature '{name}' has no stage yet in {_release(feature, target)}")
    graduated_gate = _graduated_gate(feature, reached)
    if mode == "history":
        parts = [f"{_release(feature, reached[0].since)} {_stage_text(reached[0])}"]
        parts += [f"v{s.since} {'门控移除' if s is graduated_gate else _stage_text(s)}" for s in reached[1:]]
        # No space after a full-width parenthesis: 「Beta（默认开启）→ v1.33 GA」.
        return " → ".join(parts).replace("） →", "）→")
    if mode == "now":
        if graduated_gate is not None:
            stable = next(s for s in reached if s.stage == "stable")
            return f"GA（{_release(feature, stable.since)} 起，门控已于 v{graduated_gate.since} 移除）"
        stage = reached[-1]
        word = NOW_WORDS.get(stage.stage, stage.word) if not stage.label else stage.label
        if stage.stage in _WITH_DEFAULT and stage.default is not None and not stage.label:
            word += f"，默认{'开启' if stage.default else '关闭'}"
        return f"{word}（{_release(feature, stage.since)} 起）"
    if mode in STAGES or mode == "ga":
        wanted = "stable" if mode == "ga" else mode
        began = [s for s in reached if s.stage == wanted]
        if not began:
            raise RenderError(f"feature '{name}' has no {wanted} stage by {_release(feature, target)}")
        return _release(feature, began[0].since)
    raise RenderError(f"unknown form ':{mode}' (use :now, or one of :{', :'.join(STAGES)})")


# [[feature:Name]], [[feature:Name:now]], [[feature:Name:stable]], [[version]]
TOKEN = re.compile(r"\[\[(?:feature:(?P<name>[^\]:|]+?)(?::(?P<mode>[a-z]+))?|(?P<version>version))\]\]")
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")


def _segments(markdown):
    """(line number, text, is_code) for every line; inline code inside prose lines is kept as is."""
    fence = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            yield number, line, True
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            yield number, line, True
        else:
            yield number, line, False


def tokens(markdown):
    """(line, match) of every token in prose (not in code blocks or code spans)."""
    found = []
    for number, line, is_code in _segments(markdown):
        if is_code or "[[" not in line:
            continue
        code = [m.span() for m in _INLINE_CODE.finditer(line)]
        for match in TOKEN.finditer(line):
            if not any(start <= match.start() < end for start, end in code):
                found.append((number, match))
    return found


def _html(data, match):
    if match.group("version"):
        return f"v{data.releases['kubernetes']}"
    name, mode = match.group("name").strip(), match.group("mode") or "history"
    return f'<span class="hb-feature" data-feature="{name}">{render(data, name, mode)}</span>'


def substitute(markdown, data, path, first_line=1):
    """Replace every token in prose; returns (markdown, problems). first_line: the source line markdown starts at
    (MkDocs hands hooks the page without its front matter)."""
    problems, lines = [], markdown.split("\n")
    for number, match in sorted(tokens(markdown), key=lambda item: (item[0], -item[1].start())):
        try:
            html = _html(data, match)
        except RenderError as error:
            problems.append(Problem(path, number + first_line - 1, str(error)))
            continue
        line = lines[number - 1]
        lines[number - 1] = line[: match.start()] + html + line[match.end() :]
    return "\n".join(lines), problems


def render_plain(text, data):
    """A data-file text (a glossary definition) with its tokens rendered as plain text; (text, errors)."""
    errors = []

    def replace(match):
        try:
            if match.group("version"):
                return f"v{data.releases['kubernetes']}"
            return render(data, match.group("name").strip(), match.group("mode") or "history")
        except RenderError as error:
            errors.append(str(error))
            return match.group(0)

    return TOKEN.sub(replace, text), errors


def uses(markdown):
    """(line, name, mode) of every feature token in a page."""
    return [(n, m.group("name").strip(), m.group("mode") or "history") for n, m in tokens(markdown) if m.group("name")]


# ---------------------------------------------------------------------------------------------------
# Stage stamps written by hand

EXCEPTION = re.compile(r"stage-ok:\s*(?P<reason>[^>]*?)\s*(?:-->|$)")
_CLAUSE = re.compile(r"[，。；;！？!?|]")
_STAMP_VERSION = re.compile(
    r"(?<![\w.])v\d+\.\d+(?:\.\d+)?(?![\w.])|(?<![\w.])1\.\d{1,2}(?![\d.])\s*(?:起|版本|中|之后|以后|开始|前)"
)
_STAMP_WORD = re.compile(
    r"(?<![A-Za-z0-9])(?:Alpha|Beta|GA|Stable|alpha|beta|stable|Standard|Experimental)(?![A-Za-z0-9])"
    r"|稳定|正式|默认开启|默认启用|默认关闭|默认禁用|弃用|废弃|移除|删除|下线|实验"
)
_NOT_PROSE = re.compile(r"\]\([^)]*\)|https?://\S+|<[^>]+>")
_DIGITS_DOT_DIGIT = re.compile(r"\d\.\d")  # every release _STAMP_VERSION matches has one; blanking adds none


def stamps(markdown, path):
    """Problems for stage stamps written by hand, and (line, reason) of lines marked as deliberate exceptions.

    A stamp is a clause that holds both a release (v1.29, v3.6, or 1.29 followed by 起/版本/…) and a stage word.
    Code blocks and code spans are not prose; Mermaid diagrams are (readers see their labels). The 参考 list
    is not either: its entries are titles of dated sources ("Kubernetes v1.34: … Goes GA").
    """
    problems, exceptions = [], []
    in_mermaid = in_references = False
    for number, line, is_code in _segments(markdown):
        stripped = line.strip()
        if not is_code and stripped.startswith("## "):
            in_references = stripped.startswith("## 参考")
        if in_references:
            continue
        if is_code:
            if _FENCE.match(line):
                in_mermaid = not in_mermaid and stripped.lstrip("`~").startswith("mermaid")
                continue
            if not in_mermaid:
                continue
        exception = EXCEPTION.search(line)
        if exception:
            exceptions.append((number, exception.group("reason") or "(no reason given)"))
            continue
        if not _DIGITS_DOT_DIGIT.search(line):
            continue
        prose = _INLINE_CODE.sub(" ", TOKEN.sub(" ", line))
        prose = _NOT_PROSE.sub(" ", prose)
        for clause in _CLAUSE.split(prose):
            version, word = _STAMP_VERSION.search(clause), _STAMP_WORD.search(clause)
            if version and word:
                problems.append(
                    Problem(
                        path,
                        number,
                        f"stage written by hand ('{version.group(0).strip()}' with "
                        f"'{word.group(0)}'): use [[feature:Name]] with an entry in "
                        f"{DATA_FILE}, or end the line with <!-- stage-ok: why -->",
                    )
                )
                break
    return problems, exceptions
