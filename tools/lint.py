"""`make lint`: fast offline checks of the sources that need no full build.

Each check is a module in tools/checks/ with a NAME, a one-line DESCRIPTION and `check(root)`, which
returns Problems (`<file>:<line>: <message>`, paths relative to the repository). `make test` runs this
first, so a contributor hears about a broken question block or a stray stage stamp in seconds.

    python tools/lint.py              # every check
    python tools/lint.py prose python # only these
    python tools/lint.py --list
"""

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path[:0] = [str(TOOLS), str(ROOT / "hooks")]

import checks  # noqa: E402


def available():
    """{name: module} of every check, in the order their modules sort."""
    found = {}
    for info in sorted(pkgutil.iter_modules(checks.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"checks.{info.name}")
        found[module.NAME] = module
    return found


def run(names, root=ROOT, out=sys.stdout):
    """Run the named checks; print each problem and a summary line per check; return the problem count."""
    modules = available()
    unknown = [name for name in names if name not in modules]
    if unknown:
        raise SystemExit(f"lint: unknown check(s) {', '.join(unknown)}; known: {', '.join(modules)}")
    total = 0
    for name in names or list(modules):
        started = time.perf_counter()
        problems = sorted(set(modules[name].check(root)), key=lambda p: (p.file, p.line, p.message))
        for problem in problems:
            print(problem, file=out)
        total += len(problems)
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"lint {name}: {status} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checks", nargs="*", help="names of the checks to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, module in available().items():
            print(f"{name:12} {module.DESCRIPTION}")
        return 0
    return 1 if run(args.checks) else 0


if __name__ == "__main__":
    sys.exit(main())
