"""Maintaining docs/features/features.yml: what the book says about feature stages, and whether it is still true.

    python tools/features.py report                  # every use and every deliberate exception (stage-ok)
    python tools/features.py diff --to 1.38          # pages whose rendered stage text changes at another release
    python tools/features.py check-website PATH      # compare gate stages with a kubernetes/website checkout
    python tools/features.py check-website PATH --write   # …and update the data file's gate stages from it

`check-website` reads content/en/docs/reference/command-line-tools-reference/feature-gates/<Gate>.md of a local
checkout of https://github.com/kubernetes/website (each file's front matter lists the gate's stages with
fromVersion, toVersion, defaultValue and locked) and needs no network itself: clone or pull the checkout first.
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

import yaml  # noqa: E402

from handbook import features  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GATES_DIR = "content/en/docs/reference/command-line-tools-reference/feature-gates"


def target_release(root=ROOT):
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r'^\s*k8s_version:\s*"([^"]+)"', config, re.M).group(1)


def load(root=ROOT, release=None):
    return features.load((root / features.DATA_FILE).read_text(encoding="utf-8"), release or target_release(root))


def pages(root=ROOT):
    return [
        (p.relative_to(root).as_posix(), p.read_text(encoding="utf-8")) for p in sorted((root / "docs").rglob("*.md"))
    ]


def report(root=ROOT, out=sys.stdout):
    data = load(root)
    counts, exceptions = {}, []
    for path, text in pages(root):
        for _, name, _ in features.uses(text):
            counts[name] = counts.get(name, 0) + 1
        exceptions += [(path, line, reason) for line, reason in features.stamps(text, path)[1]]
    print(f"{len(data.features)} features in {features.DATA_FILE}, {sum(counts.values())} uses in the pages", file=out)
    unused = sorted(set(data.features) - set(counts))
    if unused:
        print(f"\nnot used by any page ({len(unused)}): {', '.join(unused)}", file=out)
    print(f"\ndeliberate exceptions (<!-- stage-ok: … -->): {len(exceptions)}", file=out)
    for path, line, reason in exceptions:
        print(f"  {path}:{line}: {reason}", file=out)
    return 0


def rendered_tokens(data, text):
    """{(line, token text): rendered text} of a page's tokens at the data's releases."""
    found = {}
    for line, match in features.tokens(text):
        name = match.group("name")
        try:
            if name is None:
                found[(line, match.group(0))] = f"v{data.releases['kubernetes']}"
            else:
                found[(line, match.group(0))] = features.render(data, name.strip(), match.group("mode") or "history")
        except features.RenderError as error:
            found[(line, match.group(0))] = f"(build error: {error})"
    return found


def diff(release, root=ROOT, out=sys.stdout):
    """Every token whose text changes when the book moves to `release`."""
    now, then = load(root), load(root, release)
    changed = 0
    for path, text in pages(root):
        before, after = rendered_tokens(now, text), rendered_tokens(then, text)
        for key in sorted(before):
            if before[key] != after[key]:
                changed += 1
                print(
                    f"{path}:{key[0]}: {key[1]}\n    v{now.releases['kubernetes']}: {before[key]}\n"
                    f"    v{release}: {after[key]}",
                    file=out,
                )
    print(f"{changed} rendered stage text(s) change from v{now.releases['kubernetes']} to v{release}", file=out)
    return 0


def website_stages(front_matter):
    """Stages of a kubernetes/website feature-gate page, in this project's data form."""
    stages = []
    for item in front_matter.get("stages") or []:
        stage = {"stage": item["stage"], "from": str(item["fromVersion"])}
        if item["stage"] in ("alpha", "beta", "deprecated") and "defaultValue" in item:
            stage["default"] = bool(item["defaultValue"])
        if item.get("locked"):
            stage["locked"] = True
        stages.append(stage)
    if front_matter.get("removed") and stages:
        last = stages[-1]
        # The website marks a removed gate with removed: true; the last toVersion is the last release with it.
        to_version = (front_matter["stages"][-1].get("toVersion") or last["from"]).split(".")
        stages.append({"stage": "removed", "from": f"{to_version[0]}.{int(to_version[1]) + 1}"})
    return stages


def _read_front_matter(path):
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def _ours(feature):
    stages = []
    for s in feature.stages:
        stage = {"stage": s.stage, "from": s.since}
        if s.default is not None:
            stage["default"] = s.default
        if s.locked:
            stage["locked"] = True
        stages.append(stage)
    return stages


def check_website(checkout, write=False, root=ROOT, out=sys.stdout):
    data = load(root)
    gates_dir = Path(checkout) / GATES_DIR
    if not gates_dir.is_dir():
        print(f"{gates_dir} not found: pass the root of a kubernetes/website checkout", file=sys.stderr)
        return 2
    differences = {}
    for feature in data.features.values():
        if feature.kind != "gate" or feature.stream != "kubernetes":
            continue
        page = gates_dir / f"{feature.name}.md"
        if not page.is_file():
            print(f"{features.DATA_FILE}:{feature.line}: {feature.name}: no page in the website checkout", file=out)
            continue
        theirs = website_stages(_read_front_matter(page))
        if theirs != _ours(feature):
            differences[feature.name] = (feature, theirs)
            print(
                f"{features.DATA_FILE}:{feature.line}: {feature.name}:\n    here:    {_ours(feature)}\n"
                f"    website: {theirs}",
                file=out,
            )
    print(f"{len(differences)} gate(s) differ from the website checkout", file=out)
    if write and differences:
        path = root / features.DATA_FILE
        path.write_text(rewrite_stages(path.read_text(encoding="utf-8"), differences), encoding="utf-8")
        print(f"updated {features.DATA_FILE}; review the diff, then run `make lint`", file=out)
    return 1 if differences and not write else 0


def _flow(stage):
    parts = [f"stage: {stage['stage']}", f'from: "{stage["from"]}"']
    if "default" in stage:
        parts.append(f"default: {'true' if stage['default'] else 'false'}")
    if stage.get("locked"):
        parts.append("locked: true")
    return "{" + ", ".join(parts) + "}"


def rewrite_stages(text, differences):
    """Replace the stage lists of the given features in the data file's text, keeping everything else."""
    lines = text.split("\n")
    for name, (feature, theirs) in sorted(differences.items(), key=lambda item: -item[1][0].line):
        start = feature.stage_lines[0] - 1
        end = feature.stage_lines[-1]
        if not all(re.match(r"\s*- \{.*\}\s*$", line) for line in lines[start:end]):
            print(
                f"{features.DATA_FILE}:{feature.line}: {name}: stages are not one {{…}} per line; update by hand",
                file=sys.stderr,
            )
            continue
        indent = re.match(r"\s*", lines[start]).group(0)
        lines[start:end] = [f"{indent}- {_flow(stage)}" for stage in theirs]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("report", help="uses and deliberate exceptions")
    to = sub.add_parser("diff", help="rendered text that changes at another release")
    to.add_argument("--to", required=True, help='the release to compare with, like "1.38"')
    web = sub.add_parser("check-website", help="compare gate stages with a kubernetes/website checkout")
    web.add_argument("checkout", help="root of a local kubernetes/website checkout")
    web.add_argument("--write", action="store_true", help="update the data file from it")
    args = parser.parse_args(argv)
    try:
        if args.command == "report":
            return report()
        if args.command == "diff":
            return diff(args.to)
        return check_website(args.checkout, args.write)
    except features.FeatureError as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
