"""The source checks on small fixtures: what they must never flag (the corpus, tests/test_corpus.py, builds
every fault they do flag), and where they put the line."""

import pytest

from handbook import frontmatter, mdcheck, mdsource


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\n数组 a[1][2] 的写法，正则 `[^abc]`。\n",
        "# T\n\n一个 a < b 且 one = two 的例子，提到 javascript: 协议。\n",
        '# T\n\n!!! note "只有标题"\n\n随后的段落。\n',
        '# T\n\n!!! note "制表符"\n\t正文。\n',
        "# T\n\n```markdown\n!!! warnign 'x'\n[a][undefined]\n<div>\n```\n",
        "# T\n\n````\n```\n嵌套的围栏\n```\n````\n",
        "# T\n\n| a | b |\n| :--- | ---: |\n| 1 | 2 |\n",
        "# T\n\n段落。\n\n---\n\n分隔线之后。\n",
        "# T\n\n<details markdown>\n<summary>x</summary>\n\n**粗体**\n\n</details>\n",
        '# T\n\n<div class="grid" markdown>\n\n- 一\n\n</div>\n',
        "# T\n\n[a][b] 与 [c][] 与 [^n]\n\n[b]: https://x.org/\n[C]: https://y.org/\n[^n]: 注。\n",
        "# T\n\n![本地图](../assets/images/a.svg) <http://[::1]:8080/>\n",
        "---\ndescription: 有 front matter\n...\n# T\n\n正文。\n",
    ],
)
def test_valid_markdown_is_not_flagged(text):
    assert mdcheck.faults("docs/p.md", text) == []
    assert frontmatter.faults("docs/p.md", text) == []


def test_fences_know_their_closing_fence():
    lines = ["````", "```", "x", "```", "````", "~~~", "y"]
    assert mdsource.fences(lines) == [(0, 4), (5, None)]


def test_front_matter_faults_at_their_line():
    assert [str(p) for p in frontmatter.faults("p.md", "---\na: 1\nb: [2\n---\n# T\n")] == [
        "p.md:3: front matter is not valid YAML (expected ',' or ']', but got '<stream end>' (the flow sequence "
        "opened here is still open at line 4)): the page would show it as text"
    ]
    assert frontmatter.faults("p.md", "---\ndescription: x\n---\n# T\n") == []
    assert frontmatter.conventions("p.md", "---\ndescription: x\nk8s_version: '1.37'\n---\n# T\n")[0].line == 1
