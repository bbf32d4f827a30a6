"""Avatars: initials by default; uploads checked by content, re-encoded, served with cache headers."""

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image

from forum.extensions import db
from forum.models import Avatar, User
from tests.conftest import Auth, form_post
from tests.factories import refetch
from tests.test_api_support import uid


def _image(fmt: str, size=(300, 200), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30)).save(out, fmt, **save)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _bomb_png(side: int = 30000) -> bytes:
    """A valid PNG header claiming side by side pixels, with a small compressed body (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * side
    body = zlib.compress(row * 64, 9)  # the rest would inflate from nothing: only the header matters
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")


BOUNDARY = "----horizonte-test-boundary"


def _multipart(fields: dict[str, str], data: bytes, filename: str, content_type: str) -> bytes:
    """The body a browser sends. Built by hand: Werkzeug's test client spools large bodies to a
    temporary file it never closes, which pytest reports as an unclosed file."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="avatar"; filename="{filename}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _upload(client, data: bytes, filename="me.png", content_type="image/png", *, csrf: bool = True):
    fields = {"csrf_token": Auth(client).csrf_token("/settings")} if csrf else {}
    return client.post("/settings/avatar", data=_multipart(fields, data, filename, content_type),
                       content_type=f"multipart/form-data; boundary={BOUNDARY}")


def test_initials_are_the_default_avatar(app, client, member):
    response = client.get("/u/member/avatar?v=initials")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert ">M</text>" in svg and "<script" not in svg
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    etag = response.headers["ETag"]
    assert client.get("/u/member/avatar", headers={"If-None-Match": etag}).status_code == 304


def test_initials_are_escaped_and_coloured_by_id(app, client, member):
    with app.app_context():
        from forum.avatars import PALETTE, initials, initials_svg

        assert initials("Ana María Pérez", "ana") == "AM"
        assert initials("<b>", "x") == "X"  # no word starts with a letter: the username's initial
        svg = initials_svg(7, "<script>", "x")
        assert "<script>" not in svg and PALETTE[7 % len(PALETTE)] in svg


@pytest.mark.parametrize(("fmt", "mode", "filename"), [("PNG", "RGBA", "a.png"), ("JPEG", "RGB", "photo.jpg"),
                                                      ("GIF", "P", "anim.gif"), ("WEBP", "RGB", "x.webp")])
def test_valid_images_are_re_encoded_and_served(app, client, auth, member, fmt, mode, filename):
    auth.login("member")
    original = _image(fmt, mode=mode)
    response = _upload(client, original, filename)
    assert response.status_code == 302
    with app.app_context():
        user = refetch(User, uid(member))
        avatar = db.session.get(Avatar, user.id)
        assert avatar.sha256 == user.avatar_hash == hashlib.sha256(avatar.data).hexdigest()
        version = user.avatar_hash
    served = client.get(f"/u/member/avatar?v={version}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served.headers["Cache-Control"] and "max-age=31536000" in served.headers["Cache-Control"]
    assert served.headers["ETag"].strip('"') == version
    assert served.data != original
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.format == "WEBP" and image.size == (256, 256)
    assert client.get("/u/member/avatar", headers={"If-None-Match": f'"{version}"'}).status_code == 304
    assert f"/u/member/avatar?v={version}" in client.get("/u/member").get_data(as_text=True)


def test_metadata_is_stripped(app, client, auth, member):
    auth.login("member")
    exif = Image.Exif()
    exif[0x8298] = "Secret GPS owner"  # Copyright tag: stands for any metadata
    _upload(client, _image("JPEG", exif=exif.tobytes(), comment=b"hidden comment"), "p.jpg", "image/jpeg")
    with app.app_context():
        data = db.session.get(Avatar, uid(member)).data
    assert b"Secret GPS owner" not in data and b"hidden comment" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()


@pytest.mark.parametrize(("payload", "filename", "content_type", "message"), [
    (b"just some text, not an image\n" * 10, "notes.png", "image/png", "not an image"),
    (b"<html><script>alert(1)</script></html>", "x.png", "image/png", "not an image"),
    (b"GIF89a<script>alert(document.domain)</script>", "x.gif", "image/gif", "not an image"),
    (_bomb_png(), "bomb.png", "image/png", "too large"),
    (b"", "empty.png", "image/png", "Choose an image"),
])
def test_bad_uploads_are_refused(app, client, auth, member, payload, filename, content_type, message):
    auth.login("member")
    response = _upload(client, payload, filename, content_type)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'id="avatar-error"' in html
    with app.app_context():
        assert refetch(User, uid(member)).avatar_hash is None
        assert db.session.get(Avatar, uid(member)) is None


def test_oversize_files_are_refused(app, client, auth, member):
    auth.login("member")
    noise = _image("PNG") + b"\x00" * (600 * 1024)  # valid image, too many bytes
    response = _upload(client, noise)
    assert response.status_code == 422 and "too large" in response.get_data(as_text=True)
    # Past the request limit the server refuses before reading the form.
    assert _upload(client, b"\x00" * (2 * 1024 * 1024)).status_code == 413


def test_polyglot_is_neutralised_by_re_encoding(app, client, auth, member):
    """A real PNG followed by HTML: accepted as an image, but what is served is only a clean WebP."""
    auth.login("member")
    polyglot = _image("PNG") + b"<html><body><script>alert(document.cookie)</script></body></html>"
    assert _upload(client, polyglot, "cute.png", "text/html").status_code == 302
    with app.app_context():
        version = refetch(User, uid(member)).avatar_hash
    served = client.get(f"/u/member/avatar?v={version}")
    assert served.mimetype == "image/webp" and served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.data[:4] == b"RIFF" and served.data[8:12] == b"WEBP"
    assert b"<script" not in served.data and b"<html" not in served.data


def test_remove_goes_back_to_initials(app, client, auth, member):
    auth.login("member")
    _upload(client, _image("PNG"))
    assert 'action="/settings/avatar/remove"' in client.get("/settings/avatar").get_data(as_text=True)
    response = form_post(client, "/settings/avatar/remove", {}, page="/settings")
    assert response.status_code == 302
    with app.app_context():
        assert refetch(User, uid(member)).avatar_hash is None
        assert db.session.get(Avatar, uid(member)) is None
    assert client.get("/u/member/avatar").mimetype == "image/svg+xml"


def test_upload_needs_csrf_and_a_user(app, client, auth, member):
    assert _upload(client, _image("PNG"), csrf=False).status_code in (302, 400)
    auth.login("member")
    assert _upload(client, _image("PNG"), csrf=False).status_code == 400
    with app.app_context():
        assert refetch(User, uid(member)).avatar_hash is None


def test_bomb_within_pillows_own_limit_is_refused_by_ours(app, client, auth, member):
    """5000 by 5000 is under Pillow's warning threshold (89M pixels) but over our 4096-pixel side."""
    auth.login("member")
    response = _upload(client, _bomb_png(5000))
    assert response.status_code == 422 and "too large" in response.get_data(as_text=True)
