"""Checking every reference in the rendered site: pages, anchors, images, files and external syntax.

Everything here is pure: the hook hands in what it collected from the build, and gets problems back.
"""

import functools
import ipaddress
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_SPECIAL_SCHEMES = ("mailto", "tel", "javascript", "data", "about", "blob")
# Hosts known to serve HTTPS: an http:// link to them is a mistake that costs readers a redirect
# (or a blocked mixed-content request). Other hosts may still be HTTP-only, so they are left alone.
HTTPS_HOSTS = (
    "kubernetes.io",
    "github.com",
    "etcd.io",
    "prometheus.io",
    "helm.sh",
    "cncf.io",
    "raft.github.io",
    "containerd.io",
    "cri-o.io",
    "cilium.io",
    "docs.tigera.io",
    "gateway-api.sigs.k8s.io",
    "k8s.io",
    "opencontainers.org",
    "grafana.com",
    "istio.io",
    "linkerd.io",
    "argoproj.github.io",
    "go.dev",
    "pkg.go.dev",
    "man7.org",
    "docs.docker.com",
    "kernel.org",
)


@dataclass
class PageScan:
    """What the link checker knows about one rendered page."""

    src_path: str  # "docs/scheduling/taints.md" (for generated pages: where it is generated from)
    src_uri: str  # "scheduling/taints.md": the page's path inside docs/
    url: str  # "scheduling/taints/": the page's URL relative to the site root
    ids: set
    references: list  # [htmlscan.Reference]
    markdown: str = ""  # the Markdown the page was rendered from, to find a link's line
    copied_spans: tuple = ()  # (start, end) of HTML copied from other pages (the print page's sections)


def output_file(url_path):
    """The file a site-relative URL path is served from: 'a/b/' -> 'a/b/index.html'."""
    if url_path == "" or url_path.endswith("/"):
        return url_path + "index.html"
    return url_path


def resolve(page_url, url):
    """Resolve a reference found on the page at page_url (a site-relative URL such as 'a/b/').

    Returns (kind, target, fragment): kind is 'external', 'special', 'internal', 'outside' or
    'malformed' (a URL Python cannot even split, such as a bad IPv6 literal); for 'internal', target is
    the site-relative file the reference lands on.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "malformed", url, ""
    if parts.scheme in _SPECIAL_SCHEMES:
        return "special", url, ""
    if parts.scheme or parts.netloc or url.startswith("//"):
        return "external", url, parts.fragment
    path = unquote(parts.path)
    if path.startswith("/"):
        combined = path.lstrip("/")
    elif path == "":
        combined = page_url
    else:
        base = page_url if page_url == "" or page_url.endswith("/") else posixpath.dirname(page_url) + "/"
        combined = base + path
    trailing = combined == "" or combined.endswith("/")
    normalized = posixpath.normpath(combined) if combined else "."
    if normalized == ".." or normalized.startswith("../"):
        return "outside", url, ""
    normalized = "" if normalized == "." else normalized
    if trailing and normalized:
        normalized += "/"
    return "internal", output_file(normalized), unquote(parts.fragment)


# Whitespace (as str.isspace() sees it: re's \s on str patterns is the same test) and control characters.
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


@functools.lru_cache(maxsize=4096)  # the same links (kubernetes.io pages, the repository) recur on many pages
def check_external_syntax(url):
    """A message when an external URL is malformed or needlessly insecure, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"malformed URL {url!r}"
    if url.startswith("//"):
        return f"protocol-relative URL {url!r}: write https:// explicitly"
    if parts.scheme not in ("http", "https", "ftp"):
        return None
    if _SPACE_OR_CONTROL.search(url) or not _valid_authority(parts):
        return f"malformed URL {url!r}"
    host = parts.hostname or ""
    if parts.scheme == "http" and any(host == h or host.endswith("." + h) for h in HTTPS_HOSTS):
        return f"insecure link {url!r}: {host} serves HTTPS, use https://"
    return None


# One label of a host name: letters and digits of any script (internationalised names), hyphens inside,
# and underscores, which DNS allows and Kubernetes names use (my_service.default.svc).
_HOST_LABEL = re.compile(r"[\w](?:[\w-]*[\w])?")


def _valid_authority(parts):
    """The host (a name, an IPv4 address or a bracketed IPv6 literal) and port of a split URL are valid."""
    try:
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number in range)
    except ValueError:
        return False
    host = parts.hostname
    if not host:
        return False
    if "[" in parts.netloc:
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return False
        return True
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return all(len(label) <= 63 and _HOST_LABEL.fullmatch(label) for label in labels)


def zh_cn_twin(url):
    """For an English page of the Kubernetes docs, the Simplified Chinese URL to prefer, else None."""
    parts = urlsplit(url)
    if parts.hostname in ("kubernetes.io", "www.kubernetes.io") and parts.path.startswith("/docs/"):
        return url.replace("kubernetes.io/docs/", "kubernetes.io/zh-cn/docs/", 1)
    return None


def check_page(page, file_exists, ids_of):
    """Every problem with the references of one page, as (Reference, message) pairs.

    file_exists(path) tells whether a site-relative file exists; ids_of(path) gives the ids of the HTML
    page at that path (or None when it cannot be read).
    """
    problems = []
    for ref in page.references:
        url = ref.url.strip()
        if url in ("", "#"):
            if ref.tag == "a" and ref.attr == "href" and url == "":
                problems.append((ref, "empty link target"))
            continue
        kind, target, fragment = resolve(page.url, url)
        if kind == "special":
            continue
        if kind == "malformed":
            problems.append((ref, f"malformed URL {url!r}"))
            continue
        if kind == "external":
            message = check_external_syntax(url)
            if message:
                problems.append((ref, message))
            continue
        if kind == "outside":
            problems.append((ref, f"{url!r} points outside the site"))
            continue
        if url.startswith("/"):
            problems.append(
                (ref, f"root-absolute link {url!r} breaks when the site is served from a sub-path; use a relative link")
            )
            continue
        if target.endswith(".md") or ".md#" in url:
            problems.append((ref, f"{url!r} is not a page of the book (MkDocs could not resolve the .md link)"))
            continue
        if not file_exists(target):
            what = "image" if ref.tag in ("img", "source") else "page or file"
            hint = "; link to the page's .md file: MkDocs rewrites only those" if target.endswith("index.html") else ""
            problems.append((ref, f"{what} not found: {url!r} (resolves to {target}){hint}"))
            continue
        if fragment and target.endswith(".html"):
            ids = page.ids if target == output_file(page.url) else ids_of(target)
            if ids is not None and fragment not in ids:
                where = "this page" if target == output_file(page.url) else target
                problems.append((ref, f"anchor #{fragment} not found on {where} (link {url!r})"))
    return problems
