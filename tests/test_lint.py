"""`make lint` (tools/lint.py and tools/checks/): each check finds its fault at the right file and line."""

import textwrap

from checks import manifests

POD = textwrap.dedent("""\
    # 页面

    说明文字。

    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
    ```
    """)


def test_a_valid_manifest_passes():
    problems, counts = manifests.check_text("docs/a.md", POD, "1.37.0")
    assert problems == [] and counts == {"validated": 1}


def test_a_misspelled_field_fails_at_its_line():
    broken = POD.replace("imagePullPolicy: IfNotPresent", "imagePullPolicyy: IfNotPresent")
    problems, _ = manifests.check_text("docs/a.md", broken, "1.37.0")
    assert [(p.line, "imagePullPolicyy" in p.message) for p in problems] == [(14, True)]


def test_a_wrong_type_fails_at_the_field():
    broken = POD.replace("  name: web\nspec:", "  name: web\n  labels: [web]\nspec:")
    problems, _ = manifests.check_text("docs/a.md", broken, "1.37.0")
    assert [p.line for p in problems] == [10] and "metadata.labels" in problems[0].message


def test_an_example_wrong_on_purpose_must_fail_validation():
    marked = POD.replace("```yaml", f"{manifests.WRONG_ON_PURPOSE}\n```yaml")
    problems, _ = manifests.check_text("docs/a.md", marked, "1.37.0")
    assert [p.line for p in problems] == [5] and "wrong-on-purpose" in problems[0].message
    really_wrong = marked.replace("kind: Pod", "kind: pod")
    problems, counts = manifests.check_text("docs/a.md", really_wrong, "1.37.0")
    assert problems == [] and counts["wrong on purpose"] == 1


def test_an_unknown_kind_is_a_problem_and_a_listed_one_is_counted():
    unknown = POD.replace("apiVersion: v1\nkind: Pod", "apiVersion: example.com/v1\nkind: Widget")
    problems, _ = manifests.check_text("docs/a.md", unknown, "1.37.0")
    assert [p.line for p in problems] == [6] and "no schema" in problems[0].message
    listed = POD.replace("apiVersion: v1\nkind: Pod", "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor")
    problems, counts = manifests.check_text("docs/a.md", listed, "1.37.0")
    assert problems == [] and counts == {"unvalidated:ServiceMonitor": 1}


def test_documents_of_a_block_are_validated_each_at_their_line():
    two = POD.replace(
        "imagePullPolicy: IfNotPresent\n```",
        "imagePullPolicy: IfNotPresent\n---\n"
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  portz: []\n```",
    )
    problems, counts = manifests.check_text("docs/a.md", two, "1.37.0")
    assert counts == {"validated": 1} and [p.line for p in problems] == [21]


def test_helm_templates_and_snippets_without_kind_are_not_manifests():
    helm = POD.replace("name: web\nspec:", "name: {{ .Release.Name }}\nspec:")
    assert manifests.check_text("docs/a.md", helm, "1.37.0") == ([], {"template": 1})
    snippet = "```yaml\nresources:\n  limits:\n    cpu: 500m\n```\n"
    assert manifests.check_text("docs/a.md", snippet, "1.37.0") == ([], {})
