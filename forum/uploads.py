"""What an uploaded file is, told from its bytes, and the safe copy that is kept (docs/uploads.md).

The name a member gave and the Content-Type their browser sent are never believed. puremagic (a
maintained, pure-Python signature database) names the candidates from the first bytes; then each
accepted type is checked for its structure:

* PNG, JPEG and WebP are decoded by Pillow through forum.avatars.open_image (the one place that
  decodes uploaded pictures: dimensions checked before any pixel, so a decompression bomb is
  refused) and re-encoded: no EXIF, no comments, nothing that followed the image (a polyglot
  comes out as a plain picture). Images are the only files shown inline.
* PDF starts with `%PDF-` and ends with `%%EOF`; it is only ever served as a download.
* DOCX, XLSX and PPTX are zip files holding `[Content_Types].xml` that declares the main part of
  that type (macro-enabled variants declare another and are refused); ODT and ODS are zip files
  whose `mimetype` entry names the type. Nothing is decompressed but those two small entries.
* CSV and TXT must be UTF-8 text with no NUL or other control characters, and not markup (an
  HTML or SVG file is refused, whatever its name says).

A name whose extension is one of ours but another type's (`protocol.pdf` holding HTML) is refused;
the stored name is the member's, cleaned, with the extension of the type found.
"""

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import puremagic
from flask_babel import gettext as _

from forum.avatars import open_image
from forum.errors import UnsupportedMediaType, ValidationError

MAX_SIDE = 8192
MAX_PIXELS = 24_000_000
NAME_MAX = 100
# What the file inputs' `accept` offers in the browser's picker; the server decides from the content.
ATTACH_ACCEPT = (".pdf,.docx,.xlsx,.pptx,.odt,.ods,.csv,.txt,.png,.jpg,.jpeg,.webp,application/pdf,text/csv,"
                 "text/plain,image/png,image/jpeg,image/webp")


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    kind: str  # "image" | "document"
    aliases: tuple[str, ...] = ()


TYPES = {
    "png": FileType("image/png", "png", "image"),
    "jpeg": FileType("image/jpeg", "jpg", "image", ("jpeg", "jpe", "jfif")),
    "webp": FileType("image/webp", "webp", "image"),
    "pdf": FileType("application/pdf", "pdf", "document"),
    "docx": FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "document"),
    "xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "document"),
    "pptx": FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx",
                     "document"),
    "odt": FileType("application/vnd.oasis.opendocument.text", "odt", "document"),
    "ods": FileType("application/vnd.oasis.opendocument.spreadsheet", "ods", "document"),
    "csv": FileType("text/csv", "csv", "document"),
    "txt": FileType("text/plain", "txt", "document", ("text", "md")),
}
# The main part each OOXML type declares in [Content_Types].xml.
_OOXML = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}
_ODF = {"application/vnd.oasis.opendocument.text": "odt", "application/vnd.oasis.opendocument.spreadsheet": "ods"}
_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
_KNOWN_EXTENSIONS = {ext: key for key, t in TYPES.items() for ext in (t.extension, *t.aliases)}
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MARKUP_START = re.compile(r"^\s*<(?:!doctype|html|svg|\?xml|script|body|head|!--|[a-z]+[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    sha256: str
    type: FileType
    filename: str

    @property
    def kind(self) -> str:
        return self.type.kind

    @property
    def content_type(self) -> str:
        return self.type.content_type


def accepted_list() -> str:
    return "PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV, TXT, PNG, JPEG, WebP"


def _refused() -> UnsupportedMediaType:
    return UnsupportedMediaType(_("This type of file is not accepted. Attach %(types)s.", types=accepted_list()))


def _unreadable_image() -> UnsupportedMediaType:
    return UnsupportedMediaType(_("This image is damaged or incomplete; it cannot be attached."))


def _too_many_pixels() -> ValidationError:
    return ValidationError("file", _("The image is too large: at most %(n)d by %(n)d pixels.", n=MAX_SIDE),
                           code="image_too_large")


def _candidates(data: bytes) -> set[str]:
    try:
        return {m.mime_type for m in puremagic.magic_string(data[:8192]) if m.mime_type}
    except puremagic.PureError:
        return set()
    except Exception:
        return set()


def detect(data: bytes) -> str:
    """The key in TYPES of what `data` is, or UnsupportedMediaType."""
    found = _candidates(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"%PDF-") or "application/pdf" in found:
        if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
            return "pdf"
        raise UnsupportedMediaType(_("This PDF is damaged or incomplete; it cannot be attached."))
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if found and not found <= {"text/plain", "text/csv"}:
        raise _refused()  # a signature we know and do not take: HTML, SVG, GIF, executables...
    return _text_type(data)


def _zip_type(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = {info.filename: info for info in archive.infolist()}
            mimetype = entries.get("mimetype")
            if mimetype is not None and mimetype.file_size < 200:
                key = _ODF.get(archive.read(mimetype).decode("ascii", "replace").strip())
                if key:
                    return key
            types = entries.get("[Content_Types].xml")
            if types is not None and types.file_size < 1_000_000:
                declared = archive.read(types).decode("utf-8", "replace")
                for key, (main_part, main_type) in _OOXML.items():
                    if main_part in entries and main_type in declared:
                        return key
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError,
            RuntimeError):
        raise UnsupportedMediaType(_("This archive is damaged or is not an office document.")) from None
    raise _refused()


def _text_type(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refused() from None
    if not text.strip() or _TEXT_CONTROLS.search(text) or _MARKUP_START.match(text.lstrip("\ufeff")):
        raise _refused()
    return "csv" if _looks_like_csv(text) else "txt"


def _looks_like_csv(text: str) -> bool:
    """Two or more lines of the same number (two or more) of comma-, semicolon- or tab-separated fields."""
    lines = [line for line in text[:8192].splitlines()[:20] if line.strip()]
    if len(lines) < 2:
        return False
    for delimiter in (",", ";", "\t"):
        try:
            widths = {len(row) for row in csv.reader(lines[:-1] if len(lines) > 2 else lines, delimiter=delimiter)}
        except csv.Error:
            continue
        if len(widths) == 1 and widths.pop() >= 2:
            return True
    return False


def _reencode(data: bytes, key: str) -> bytes:
    picture = open_image(data, (_PILLOW_FORMATS[key],), too_large=_too_many_pixels, unreadable=_unreadable_image,
                         max_side=MAX_SIDE, max_pixels=MAX_PIXELS)
    transparent = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
    out = io.BytesIO()
    if key == "jpeg":
        picture.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
    elif key == "png":
        picture.convert("RGBA" if transparent else "RGB").save(out, "PNG", optimize=False)
    else:
        picture.convert("RGBA" if transparent else "RGB").save(out, "WEBP", quality=90, method=4)
    return out.getvalue()


def clean_filename(name: object, extension: str) -> str:
    """The base name a member gave, without path, control characters or anything a header or a
    file system could misread, ending in `extension` (the type found, not the one claimed)."""
    raw = name if isinstance(name, str) else ""
    raw = unicodedata.normalize("NFC", re.split(r"[\\/]", raw)[-1])
    raw = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    stem = raw.rsplit(".", 1)[0] if "." in raw.lstrip(".") else raw
    stem = re.sub(r"[^\w .()+,-]+", "_", stem)
    stem = re.sub(r"[\s_]+", lambda m: " " if m.group(0).isspace() else "_", stem).strip(" ._-")
    stem = stem[:NAME_MAX].rstrip(" ._-") or "file"
    return f"{stem}.{extension}"


def _claimed_key(name: object) -> str | None:
    if not isinstance(name, str) or "." not in name:
        return None
    return _KNOWN_EXTENSIONS.get(name.rsplit(".", 1)[-1].strip().lower())


def check_file(data: bytes, filename: object, *, max_bytes: int) -> CheckedFile:
    """The safe copy of an upload, or the reason it is refused (ValidationError on `file`,
    PayloadTooLarge, UnsupportedMediaType)."""
    from forum.errors import PayloadTooLarge

    if not data:
        raise ValidationError("file", _("Choose a file to attach."), code="required")
    if len(data) > max_bytes:
        raise PayloadTooLarge(_("The file is too large: at most %(n)d MB.", n=max(1, max_bytes // (1024 * 1024))))
    key = detect(data)
    kind = TYPES[key]
    claimed = _claimed_key(filename)
    if claimed is not None and claimed != key and not (TYPES[claimed].kind == "image" == kind.kind) \
            and {claimed, key} != {"csv", "txt"}:
        raise UnsupportedMediaType(_("This file is not what its name says: its content is not %(ext)s.",
                                     ext=str(filename).rsplit(".", 1)[-1].upper()[:10]))
    if kind.kind == "image":
        data = _reencode(data, key)
    return CheckedFile(data=data, sha256=hashlib.sha256(data).hexdigest(), type=kind,
                       filename=clean_filename(filename, kind.extension))

