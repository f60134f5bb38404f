"""The prose check of `make lint` (autocorrect) and the lint runner."""

import io

import lint
from checks import prose


def test_prose_lint_finds_missing_spaces_and_leaves_code_alone(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text(
        "# 标题\n\n在Kubernetes中，`kubectl get pods`命令。\n\n```bash\n中文abc\n```\n", encoding="utf-8"
    )
    problems = prose.check(tmp_path)
    assert [(p.file, p.line) for p in problems] == [("docs/a.md", 3)]
    assert "在 Kubernetes 中" in problems[0].message


def test_the_runner_prints_problems_and_counts_them(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text("# 标题\n\n在Kubernetes中。\n", encoding="utf-8")
    out = io.StringIO()
    assert lint.run(["prose"], root=tmp_path, out=out) == 1
    assert out.getvalue().startswith("docs/a.md:3: autocorrect:")
