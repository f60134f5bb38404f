"""What the PDF gets after Chromium has printed it (pikepdf), in one pass over the file:

- page numbers on the contents page: Chromium has no target-counter(), so the contents leave an empty
  box per entry, a link to a mark inside the entry's heading (hooks/handbook/printbook.py). In the printed
  file each box is a link annotation whose rectangle is the box and whose destination is the page the
  heading landed on: the number is written there, right-aligned on the box's baseline, in a digits-only
  cut of the book's own face, and tagged as part of that link. Nothing is printed twice, so nothing can
  move between the number and the page it names;
- the document's title, author, subject, language and dates (from SOURCE_DATE_EPOCH when set), and
  viewers told to open the bookmarks;
- structure-element ids renamed in document order (Chromium names them after DOM node numbers, which
  vary from run to run), so two prints of one commit are the same bytes;
- object streams (a tagged PDF of the whole book holds ~70,000 structure elements) and a document ID
  computed from the content.
"""

import datetime
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

import pdf_fonts

PAGE_MARK_PREFIX = "hb-toc-"  # handbook.printbook.PAGE_MARK_PREFIX
FONT_RESOURCE = "/HBDigits"


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str = ""
    keywords: str = ""
    language: str = "zh-CN"
    creator: str = "k8s-handbook: MkDocs, Material for MkDocs, Chromium"


@dataclass(frozen=True)
class NumberStyle:
    """How the contents page sets its page numbers (read from the page's computed style)."""

    size_pt: float
    bold: bool
    rgb: tuple = (0.1, 0.1, 0.1)


class FinishError(RuntimeError):
    pass


def pdf_date(environ=os.environ):
    """A PDF date string: SOURCE_DATE_EPOCH when set (reproducible builds), otherwise now."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch and epoch.isdigit()
        else datetime.datetime.now(datetime.UTC)
    )
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def _named_destinations(pdf):
    """{name: page index} of the document's named destinations (Chromium writes them in /Dests)."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found = {}
    dests = pdf.Root.get("/Dests")
    if dests is not None:
        for name, target in dests.items():
            if isinstance(target, Dictionary):
                target = target.get("/D")
            if isinstance(target, Array) and len(target) and target[0].objgen in pages:
                found[name.lstrip("/")] = pages[target[0].objgen]
    names = pdf.Root.get("/Names")
    if names is not None and names.get("/Dests") is not None:
        for name, target in pikepdf.NameTree(names.Dests).items():
            if isinstance(target, Dictionary):
                target = target.get("/D")
            if isinstance(target, Array) and len(target) and target[0].objgen in pages:
                found[str(name)] = pages[target[0].objgen]
    return found


def _link_destination(annotation):
    destination = annotation.get("/Dest")
    action = annotation.get("/A")
    if destination is None and action is not None and action.get("/S") == "/GoTo":
        destination = action.get("/D")
    if isinstance(destination, (Name, String)):
        return str(destination).lstrip("/")
    return None


def contents_boxes(pdf):
    """[(page index, annotation, target page index)] of every contents page-number box."""
    destinations = _named_destinations(pdf)
    boxes = []
    for index, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots") or []:
            name = _link_destination(annotation) if annotation.get("/Subtype") == "/Link" else None
            if name and name.startswith(PAGE_MARK_PREFIX):
                if name not in destinations:
                    raise FinishError(f"contents entry #{name} points to no page: its heading was not printed")
                boxes.append((index, annotation, destinations[name]))
    return boxes


def _digit_font(pdf, face_path, weight_name):
    data, widths, metrics = pdf_fonts.digits_font(face_path)
    name = f"HBDIGT+HBPrintSans-{weight_name}"  # a subset tag of six capitals, as PDF readers expect
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + name),
        Flags=32,
        FontBBox=Array(metrics["bbox"]),
        ItalicAngle=0,
        Ascent=metrics["ascent"],
        Descent=metrics["descent"],
        CapHeight=metrics["ascent"],
        StemV=80,
        FontFile2=pdf.make_stream(data),
    )
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.TrueType,
        BaseFont=Name("/" + name),
        FirstChar=48,
        LastChar=57,
        Widths=Array([widths[str(d)] for d in range(10)]),
        Encoding=Name.WinAnsiEncoding,
        FontDescriptor=pdf.make_indirect(descriptor),
    )
    return pdf.make_indirect(font), widths


def _struct_parent_array(pdf, page):
    """The page's entry in the structure parent tree (one structure element per marked-content id)."""
    key = page.obj.get("/StructParents")
    root = pdf.Root.get("/StructTreeRoot")
    if key is None or root is None or root.get("/ParentTree") is None:
        return None
    tree = pikepdf.NumberTree(root.ParentTree)
    return tree.get(int(key))


def number_contents(pdf, faces, styles):
    """Write each contents entry's page number into its box. faces: {400: path, 700: path}; styles:
    {marker name: NumberStyle}. Returns [(target name, page number)] as written."""
    boxes = contents_boxes(pdf)
    fonts = {}
    written = []
    by_page = {}
    for page_index, annotation, target in boxes:
        by_page.setdefault(page_index, []).append((annotation, target))
    for page_index, entries in sorted(by_page.items()):
        page = pdf.pages[page_index]
        parents = _struct_parent_array(pdf, page)
        next_mcid = len(parents) if parents is not None else 0
        operations = []
        resources_fonts = {}
        for annotation, target in entries:
            name = _link_destination(annotation)
            style = styles.get(name) or NumberStyle(10.5, False)
            weight = 700 if style.bold else 400
            if weight not in fonts:
                fonts[weight] = _digit_font(pdf, faces[weight], "Bold" if style.bold else "Regular")
            font, widths = fonts[weight]
            resource = f"{FONT_RESOURCE}{weight}"
            resources_fonts[resource] = font
            number = str(target + 1)
            x1, y1, x2, _ = (float(v) for v in annotation.Rect)
            width = sum(widths[c] for c in number) * style.size_pt / 1000
            red, green, blue = style.rgb
            tag = (
                f"/Span <</MCID {next_mcid}>> BDC "
                if parents is not None and annotation.get("/StructParent") is not None
                else "/Artifact BMC "
            )
            operations.append(
                f"{tag}BT {resource} {style.size_pt:.2f} Tf {red:.3f} {green:.3f} {blue:.3f} rg "
                f"{x2 - width:.2f} {y1:.2f} Td ({number}) Tj ET EMC"
            )
            if tag.startswith("/Span"):
                _tag_number(pdf, page, parents, annotation, next_mcid)
                next_mcid += 1
            written.append((name, target + 1))
        _append_content(pdf, page, "\n".join(operations), resources_fonts)
    return written


def _tag_number(pdf, page, parents, annotation, mcid):
    """Make the written number part of the link's structure element (screen readers read it)."""
    root = pdf.Root.StructTreeRoot
    link = pikepdf.NumberTree(root.ParentTree).get(int(annotation.StructParent))
    reference = Dictionary(Type=Name.MCR, Pg=page.obj, MCID=mcid)
    kids = link.get("/K")
    if kids is None:
        link.K = Array([reference])
    elif isinstance(kids, Array):
        kids.append(reference)
    else:
        link.K = Array([kids, reference])
    parents.append(link)


def _append_content(pdf, page, operations, fonts):
    page.contents_coalesce()
    original = page.obj.Contents.read_bytes()
    page.obj.Contents = pdf.make_stream(b"q\n" + original + b"\nQ\n" + operations.encode("ascii") + b"\n")
    resources = page.obj.get("/Resources")
    if resources is None:
        page.obj.Resources = resources = Dictionary()
    if resources.get("/Font") is None:
        resources.Font = Dictionary()
    for name, font in fonts.items():
        resources.Font[name] = font


def set_metadata(pdf, metadata, date):
    info = pdf.docinfo
    for key in list(info.keys()):
        del info[key]
    info.Title = metadata.title
    info.Author = metadata.author
    if metadata.subject:
        info.Subject = metadata.subject
    if metadata.keywords:
        info.Keywords = metadata.keywords
    info.Creator = metadata.creator
    info.Producer = "Chromium (Skia/PDF), pikepdf " + pikepdf.__version__
    info.CreationDate = date
    info.ModDate = date
    pdf.Root.Lang = String(metadata.language)
    pdf.Root.PageMode = Name.UseOutlines
    preferences = pdf.Root.get("/ViewerPreferences")
    if preferences is None:
        pdf.Root.ViewerPreferences = preferences = Dictionary()
    preferences.DisplayDocTitle = True


# Chromium names structure elements after DOM node numbers: "node" and eight digits.
_CHROMIUM_ID = re.compile(rb"\(node(\d{8})\)")
_CHROMIUM_ID_DEFINITION = re.compile(rb"/ID \(node(\d{8})\)")


def canonical_structure_ids(data):
    """Rename Chromium's structure-element ids in the order the elements are written (the structure
    tree's order) instead of the DOM node numbers, which vary from run to run. The new names have the
    same length ("hbid" and eight digits), so the byte offsets of the cross-reference table still hold.
    The id tree, sorted by name, is rebuilt afterwards (rebuild_id_tree)."""
    renamed = {}
    for match in _CHROMIUM_ID_DEFINITION.finditer(data):
        renamed.setdefault(match.group(1), b"hbid%08d" % (len(renamed) + 1))
    unknown = {m.group(1) for m in _CHROMIUM_ID.finditer(data)} - renamed.keys()
    if unknown:
        raise FinishError(f"{len(unknown)} structure id(s) referred to but never defined")
    return _CHROMIUM_ID.sub(lambda m: b"(" + renamed[m.group(1)] + b")", data), len(renamed)


def rebuild_id_tree(pdf):
    """The structure id tree, sorted by the (new) names as a name tree must be: one leaf of pairs."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or root.get("/IDTree") is None:
        return
    entries = {}
    stack = [root.IDTree]
    while stack:
        node = stack.pop()
        names = node.get("/Names")
        if names is not None:
            entries.update((bytes(names[i]), names[i + 1]) for i in range(0, len(names), 2))
        stack.extend(node.get("/Kids") or [])
    pairs = []
    for name in sorted(entries):
        pairs += [String(name), entries[name]]
    root.IDTree = Dictionary(Names=Array(pairs))


def finish(pdf_path, metadata, faces=None, number_styles=None, environ=os.environ):
    """Apply everything above to the PDF at pdf_path, in place. Returns what was done."""
    data, renamed = canonical_structure_ids(Path(pdf_path).read_bytes())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        rebuild_id_tree(pdf)
        numbers = number_contents(pdf, faces, number_styles or {}) if faces else []
        set_metadata(pdf, metadata, pdf_date(environ))
        pdf.save(
            pdf_path,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            deterministic_id=True,
        )
    return {"contents_numbers": numbers, "structure_ids": renamed}
