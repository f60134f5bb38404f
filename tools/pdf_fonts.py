"""A TrueType subset of Noto Sans CJK SC for the PDF.

Chromium's PDF backend (Skia) embeds TrueType outlines as proper CID fonts, but turns the CFF outlines
of Noto Sans CJK (Debian's fonts-noto-cjk) into nameless Type 3 glyph procedures: larger files, fonts a
reader cannot identify, rougher rendering in some viewers. So before printing, the characters the book
actually uses are cut out of the system's Noto Sans CJK SC (regular and bold), their outlines converted
to quadratic TrueType curves, and the result served to the print page with @font-face.
"""

import hashlib
import io
import re
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

FAMILY = "Noto Sans CJK SC"
PRINT_FAMILY = "HB Print Sans"  # the CSS name the print page uses for the converted faces
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/opentype", "/usr/share/fonts")
WEIGHTS = {400: "NotoSansCJK-Regular.ttc", 700: "NotoSansCJK-Bold.ttc"}
# Always present, whatever the text: ASCII, the punctuation of Chinese prose, digits for the cover.
BASE_CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、；：？！（）「」『』《》〈〉—…·“”‘’％＋－～"


class FontNotFound(RuntimeError):
    pass


def find_collection(filename):
    for folder in FONT_DIRS:
        for path in Path(folder).rglob(filename) if Path(folder).is_dir() else ():
            return path
    raise FontNotFound(f"{filename} not found: install Debian's fonts-noto-cjk")


def face_index(collection_path, family=FAMILY):
    """Index of the face named `family` inside a .ttc collection."""
    for index, font in enumerate(TTCollection(str(collection_path)).fonts):
        names = {font["name"].getDebugName(i) for i in (1, 16)}
        if family in names:
            return index
    raise FontNotFound(f"no face '{family}' in {collection_path}")


def text_of(html):
    """The characters of an HTML page's text and attribute values (diagram sources included)."""
    return set(re.sub(r"<[^>]+>", " ", html)) | set(BASE_CHARS)


def cff_to_truetype(font, max_error=1.0):
    """Replace a font's CFF outlines with quadratic TrueType outlines (glyf), in place."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_error, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def make_subset(collection_path, characters, out_path):
    font = TTFont(str(collection_path), fontNumber=face_index(collection_path), lazy=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in characters})
    subsetter.subset(font)
    cff_to_truetype(font)
    font.recalcTimestamp = False  # the same characters give the same bytes (reproducible PDFs)
    font.save(str(out_path))


def prepare(characters, out_dir):
    """Write the converted faces into out_dir (reused while the character set is the same).

    Returns {weight: path of the TrueType face}."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256("".join(sorted(characters)).encode()).hexdigest()[:12]
    faces = {}
    for weight, filename in WEIGHTS.items():
        target = out_dir / f"print-sans-{weight}-{key}.ttf"
        if not target.is_file():
            partial = target.with_suffix(".part")
            make_subset(find_collection(filename), characters, partial)
            partial.replace(target)  # never leave a half-written face for the next run to reuse
        faces[weight] = target
    return faces


def font_face_css(faces, url_prefix=""):
    """@font-face rules that serve the faces under PRINT_FAMILY, at url_prefix + file name."""
    return "\n".join(
        f"@font-face {{ font-family: '{PRINT_FAMILY}'; font-weight: {weight}; "
        f"src: url('{url_prefix}{path.name}') format('truetype'); }}"
        for weight, path in sorted(faces.items())
    )


def digits_font(face_path, characters="0123456789"):
    """A face cut down to the digits (for numbers written into the PDF after printing): TrueType bytes
    and the advance width of each character in thousandths of an em."""
    font = TTFont(str(face_path))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in characters})
    subsetter.subset(font)
    font.recalcTimestamp = False
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = {c: round(font["hmtx"][cmap[ord(c)]][0] * scale) for c in characters}
    metrics = {
        "ascent": round(font["hhea"].ascent * scale),
        "descent": round(font["hhea"].descent * scale),
        "bbox": [round(getattr(font["head"], f) * scale) for f in ("xMin", "yMin", "xMax", "yMax")],
    }
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue(), widths, metrics
