"""Avatar images: the initials drawn for everyone, and uploads made safe.

An upload is never stored or served as sent. Pillow identifies it by its content (not its name or
Content-Type), the size is checked from the header before any pixel is decoded (a 30000 by 30000 PNG
of one colour is a few kilobytes on the wire and 3.6 GB in memory), then the first frame is
cropped to a square, scaled to AVATAR_SIZE and encoded afresh as WebP. The new file has no
metadata (EXIF, ICC, comments) and none of the bytes that followed the image in the upload, so a
"polyglot" (a real PNG header with HTML or JavaScript after it) comes out as a plain picture.
Pillow is imported with the first image decoded: a process that only serves pages never loads it.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from forum.errors import ValidationError

if TYPE_CHECKING:
    from PIL import Image

AVATAR_SIZE = 256
MAX_UPLOAD_BYTES = 512 * 1024
MAX_SIDE = 4096
MAX_PIXELS = 16_000_000
ACCEPTED_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
CONTENT_TYPE = "image/webp"

# Background colours for initials, all dark enough for white text (contrast ratio >= 4.5:1).
PALETTE = ("#1f5f8b", "#6a3d9a", "#8c2d19", "#2e6b30", "#7a4f01", "#0f6e6e", "#9b1d5a", "#444f8f",
           "#5b5b5b", "#245c4f", "#7b3294", "#a13d00")


@dataclass(frozen=True)
class EncodedAvatar:
    data: bytes
    sha256: str
    content_type: str = CONTENT_TYPE


def _refuse(message: str, code: str = "invalid_image") -> ValidationError:
    return ValidationError("avatar", message, code=code)


def _too_many_pixels() -> ValidationError:
    return _refuse(_("The image is too large: at most %(n)d by %(n)d pixels.", n=MAX_SIDE), "too_large")


def open_image(data: bytes, formats: tuple[str, ...], *, too_large: Callable[[], Exception],
               unreadable: Callable[[], Exception], max_side: int = MAX_SIDE,
               max_pixels: int = MAX_PIXELS) -> Image.Image:
    """The first frame of an image in one of `formats`, decoded and turned upright, or the error
    `too_large()` (dimensions past the limits, read from the header before any pixel is decoded:
    the decompression bomb) or `unreadable()` (not such an image, truncated, corrupt). The one
    place that decodes what members upload: avatars and attached images (forum/uploads.py)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, past its own pixel limit: treat both as a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as image:
                width, height = image.size
                if width > max_side or height > max_side or width * height > max_pixels:
                    raise too_large()
                image.seek(0)  # the first frame of an animation
                image.load()
                return ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise unreadable() from None


def process_upload(data: bytes) -> EncodedAvatar:
    """Check an uploaded image and re-encode it, or raise a ValidationError on the `avatar` field."""
    from PIL import Image, ImageOps

    if not data:
        raise _refuse(_("Choose an image file."), "required")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(_("The image is too large: at most %(n)d KB.", n=MAX_UPLOAD_BYTES // 1024), "too_large")
    picture = open_image(data, ACCEPTED_FORMATS, too_large=_too_many_pixels, unreadable=lambda: _refuse(
        _("This file is not an image we can read. Use PNG, JPEG, GIF or WebP.")))
    picture = picture.convert("RGBA" if picture.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    square = ImageOps.fit(picture, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    square.save(out, "WEBP", quality=85, method=4)
    encoded = out.getvalue()
    return EncodedAvatar(data=encoded, sha256=hashlib.sha256(encoded).hexdigest())


def initials(display_name: str, username: str) -> str:
    """Up to two letters: the first of the first two words of the name ("Ana María" -> "AM")."""
    words = [w for w in (display_name or username).split() if w[:1].isalnum()] or [username]
    letters = "".join(w[0] for w in words[:2]).upper()
    return letters or "?"


def initials_svg(user_id: int, display_name: str, username: str) -> str:
    """The default avatar: initials on a colour that depends on the user id only (stable across renames)."""
    colour = PALETTE[user_id % len(PALETTE)]
    text = escape(initials(display_name, username))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{AVATAR_SIZE}" height="{AVATAR_SIZE}" '
        f'viewBox="0 0 100 100" role="img"><title>{escape(display_name or username)}</title>'
        f'<rect width="100" height="100" fill="{colour}"/>'
        f'<text x="50" y="50" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" '
        f'font-size="40" font-weight="600" fill="#ffffff">{text}</text></svg>'
    )
