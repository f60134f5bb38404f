"""Every Kubernetes manifest in the book validates against the target release's OpenAPI schema, strictly.

A ```yaml block whose documents have `apiVersion` and `kind` is a manifest. Each document is validated with
kubernetes-validate (schemas bundled, offline) in strict mode, so a misspelled or misplaced field fails at its
line. A block meant to show a mistake is marked by `<!-- manifest: wrong-on-purpose -->` on the line before its
fence and must fail. Kinds with no bundled schema are listed below with the reason; an unlisted one is a problem,
so nothing is skipped silently.
"""

import re
import sys

import kubernetes_validate
import yaml

from handbook.problem import Problem

from ._sources import pages

NAME = "manifests"
DESCRIPTION = "YAML manifests in the pages validate against the Kubernetes schema (strict: unknown fields fail)"
WRONG_ON_PURPOSE = "<!-- manifest: wrong-on-purpose -->"

# Kinds that kubernetes-validate has no schema for, and why they are not validated.
UNVALIDATED = {
    "KubeletConfiguration": "component configuration (kubelet.config.k8s.io), not served by the API server",
    "KubeProxyConfiguration": "component configuration (kubeproxy.config.k8s.io), not served by the API server",
    "KubeSchedulerConfiguration": "component configuration (kubescheduler.config.k8s.io), not served by the API server",
    "ClusterConfiguration": "kubeadm configuration (kubeadm.k8s.io), read by kubeadm, not the API server",
    "InitConfiguration": "kubeadm configuration (kubeadm.k8s.io), read by kubeadm, not the API server",
    "JoinConfiguration": "kubeadm configuration (kubeadm.k8s.io), read by kubeadm, not the API server",
    "UpgradeConfiguration": "kubeadm configuration (kubeadm.k8s.io), read by kubeadm, not the API server",
    "EncryptionConfiguration": "API server configuration file (apiserver.config.k8s.io), not an API object",
    "AdmissionConfiguration": "API server configuration file (apiserver.config.k8s.io), not an API object",
    "AuthenticationConfiguration": "API server configuration file (apiserver.config.k8s.io), not an API object",
    "AuthorizationConfiguration": "API server configuration file (apiserver.config.k8s.io), not an API object",
    "Policy": "audit policy file (audit.k8s.io), not an API object",
    "Config": "kubeconfig file (clientcmd), not an API object",
    "Kustomization": "kustomize's own file format (kustomize.config.k8s.io), not an API object",
    "Component": "kustomize's own file format (kustomize.config.k8s.io), not an API object",
    "ServiceMonitor": "Prometheus Operator CRD (monitoring.coreos.com): no schema bundled",
    "PodMonitor": "Prometheus Operator CRD (monitoring.coreos.com): no schema bundled",
    "PrometheusRule": "Prometheus Operator CRD (monitoring.coreos.com): no schema bundled",
    "Prometheus": "Prometheus Operator CRD (monitoring.coreos.com): no schema bundled",
    "Alertmanager": "Prometheus Operator CRD (monitoring.coreos.com): no schema bundled",
    "ScrapeConfig": "Prometheus Operator CRD (monitoring.coreos.com): no schema bundled",
    "Gateway": "Gateway API CRD (gateway.networking.k8s.io): installed separately, no schema bundled",
    "GatewayClass": "Gateway API CRD (gateway.networking.k8s.io): installed separately, no schema bundled",
    "HTTPRoute": "Gateway API CRD (gateway.networking.k8s.io): installed separately, no schema bundled",
    "GRPCRoute": "Gateway API CRD (gateway.networking.k8s.io): installed separately, no schema bundled",
    "TCPRoute": "Gateway API CRD (gateway.networking.k8s.io): installed separately, no schema bundled",
    "TLSRoute": "Gateway API CRD (gateway.networking.k8s.io): installed separately, no schema bundled",
    "UDPRoute": "Gateway API CRD (gateway.networking.k8s.io): installed separately, no schema bundled",
    "ReferenceGrant": "Gateway API CRD (gateway.networking.k8s.io): installed separately, no schema bundled",
    "VolumeSnapshot": "CSI external-snapshotter CRD (snapshot.storage.k8s.io): no schema bundled",
    "VolumeSnapshotClass": "CSI external-snapshotter CRD (snapshot.storage.k8s.io): no schema bundled",
    "VolumeSnapshotContent": "CSI external-snapshotter CRD (snapshot.storage.k8s.io): no schema bundled",
    "NetworkPolicy.crd.projectcalico.org": "Calico CRD: no schema bundled",
    "CiliumNetworkPolicy": "Cilium CRD: no schema bundled",
    "VirtualService": "Istio CRD (networking.istio.io): no schema bundled",
    "DestinationRule": "Istio CRD (networking.istio.io): no schema bundled",
    "PeerAuthentication": "Istio CRD (security.istio.io): no schema bundled",
    "AuthorizationPolicy": "Istio CRD (security.istio.io): no schema bundled",
    "Rollout": "Argo Rollouts CRD (argoproj.io): no schema bundled",
    "AnalysisTemplate": "Argo Rollouts CRD (argoproj.io): no schema bundled",
    "DeschedulerPolicy": "the descheduler's own policy file (descheduler/v1alpha2), not an API object",
    "ClusterPolicy": "Kyverno CRD (kyverno.io): no schema bundled",
    "K8sRequiredLabels": "Gatekeeper constraint (constraints.gatekeeper.sh), generated from a template: no schema",
    "ConstraintTemplate": "Gatekeeper CRD (templates.gatekeeper.sh): no schema bundled",
    "CronTab": "an example custom resource of the book's own CRD example: its schema is in the CRD itself",
    "Memcached": "an example custom resource of the book's operator example: its schema is in the CRD itself",
    "Website": "an example custom resource of the book's controller example: its schema is in the CRD itself",
}
_FENCE = re.compile(r"^( *)(`{3,}|~{3,})\s*(\w*)")


def blocks(text):
    """(first content line, content, marked wrong on purpose) of every ```yaml block."""
    lines = text.split("\n")
    found, index = [], 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, lang = match.group(2), match.group(3).lower()
        end = index + 1
        while end < len(lines):
            closing = _FENCE.match(lines[end])
            if (
                closing
                and closing.group(2)[0] == fence[0]
                and len(closing.group(2)) >= len(fence)
                and not closing.group(3)
            ):
                break
            end += 1
        if lang in ("yaml", "yml"):
            indent = len(match.group(1))
            content = "\n".join(line[indent:] for line in lines[index + 1 : end])
            marked = index > 0 and lines[index - 1].strip() == WRONG_ON_PURPOSE
            found.append((index + 2, content, marked))
        index = end + 1
    return found


def _documents(content):
    """(offset in lines, text) of each YAML document of a block."""
    documents, start, current = [], 0, []
    for number, line in enumerate(content.split("\n")):
        if line.strip() == "---":
            documents.append((start, "\n".join(current)))
            start, current = number + 1, []
        else:
            current.append(line)
    documents.append((start, "\n".join(current)))
    return documents


def _line_of(node, path, unexpected=None):
    """The 0-based line, within the document, of the node a schema error points at."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            return None
    if unexpected and isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if key.value == unexpected:
                return key.start_mark.line
    return node.start_mark.line


def validate_block(path, first_line, content, release):
    """(problems, counts) for one block: counts maps 'validated' / 'unvalidated:<kind>' / 'template' to numbers."""
    problems, counts = [], {}
    if "{{" in content:
        return problems, {"template": 1}  # a Helm template: not YAML until rendered
    for offset, text in _documents(content):
        if not text.strip():
            continue
        try:
            node = yaml.compose(text)
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = first_line + offset + (mark.line if mark else 0)
            problems.append(Problem(path, line, f"YAML does not parse: {getattr(error, 'problem', error)}"))
            continue
        if not isinstance(data, dict) or "apiVersion" not in data or "kind" not in data:
            continue
        kind = str(data["kind"])
        group_kind = f"{kind}.{str(data['apiVersion']).split('/')[0]}"
        if kind in UNVALIDATED or group_kind in UNVALIDATED:
            key = f"unvalidated:{kind}"
            counts[key] = counts.get(key, 0) + 1
            continue
        try:
            kubernetes_validate.validate(data, release, strict=True)
        except kubernetes_validate.SchemaNotFoundError:
            problems.append(
                Problem(
                    path,
                    first_line + offset,
                    f"no schema for {data['apiVersion']} {kind} in "
                    f"Kubernetes {release}: a typo, or a kind to list in tools/checks/manifests.py",
                )
            )
            continue
        except kubernetes_validate.ValidationError as error:
            unexpected = re.search(r"'([^']+)' was unexpected", error.message)
            line = _line_of(node, list(error.path), unexpected and unexpected.group(1))
            where = ".".join(str(p) for p in error.path) or kind
            problems.append(Problem(path, first_line + offset + (line or 0), f"{kind} {where}: {error.message}"))
            continue
        counts["validated"] = counts.get("validated", 0) + 1
    return problems, counts


def check_text(path, text, release):
    problems, totals = [], {}
    for first_line, content, marked in blocks(text):
        found, counts = validate_block(path, first_line, content, release)
        for key, number in counts.items():
            totals[key] = totals.get(key, 0) + number
        if marked:
            if not found:
                problems.append(
                    Problem(
                        path,
                        first_line - 2,
                        "marked wrong-on-purpose but the manifest validates: "
                        "drop the marker, or make the example show the mistake",
                    )
                )
            totals["wrong on purpose"] = totals.get("wrong on purpose", 0) + 1
        else:
            problems += found
    return problems, totals


def check(root):
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    release = re.search(r'^\s*k8s_version:\s*"([^"]+)"', config, re.M).group(1) + ".0"
    problems, totals = [], {}
    for path, text in pages(root):
        found, counts = check_text(path, text, release)
        problems += found
        for key, number in counts.items():
            totals[key] = totals.get(key, 0) + number
    skipped = sorted((k.split(":", 1)[1], n) for k, n in totals.items() if k.startswith("unvalidated:"))
    print(
        f"manifests: {totals.get('validated', 0)} validated against Kubernetes {release}, "
        f"{totals.get('wrong on purpose', 0)} wrong on purpose, {totals.get('template', 0)} Helm template(s), "
        f"{sum(n for _, n in skipped)} without a bundled schema ({', '.join(kind for kind, _ in skipped) or 'none'}; "
        "reasons in tools/checks/manifests.py)",
        file=sys.stderr,
    )
    return problems
