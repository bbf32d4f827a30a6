"""Documents and images: accepted types told from the content, hostile files refused or made
harmless, files served only to the readers of what they are attached to, the forms without
JavaScript, the API, and a thread page whose query count does not grow with attachments."""

import io
import re
import struct
import zipfile
import zlib
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select, update
from werkzeug.test import EnvironBuilder

from forum.extensions import db
from forum.models import Post, Upload, UploadLink, User, utcnow
from forum.services.moderation import do_hide_post
from forum.services.uploads import markdown_for
from forum.uploads import clean_filename
from forum.web.uploads import content_disposition
from tests.conftest import form_post
from tests.factories import make_community, make_post, make_thread
from tests.s3_server import moto_server, s3_settings
from tests.test_api_support import API, assert_error, bearer, issue_token

SANDBOX = "sandbox; default-src 'none'"


# ---------- files ----------


def png(size=(4, 3), *, exif: bool = False, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x8825] = {2: (1.0, 2.0, 3.0)}  # GPS
        kwargs["exif"] = data.tobytes()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb() -> bytes:
    """A few hundred bytes declaring 100000 x 100000 pixels (30 GB decoded)."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1000, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def office(kind: str, *, main_type: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind in ("odt", "ods"):
            sub = "text" if kind == "odt" else "spreadsheet"
            archive.writestr(zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{sub}")
            archive.writestr("content.xml", "<office:document-content/>")
        else:
            part, main = {"docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
                          "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
                          "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml")}[kind]
            archive.writestr("[Content_Types].xml",
                             f'<Types><Override PartName="/{part}" ContentType="'
                             f'{main_type or "application/vnd.openxmlformats-officedocument." + main}"/></Types>')
            archive.writestr(part, "<document/>")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

ACCEPTED = [
    ("protocol.pdf", PDF, "application/pdf", "document"),
    ("report.docx", office("docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "document"),
    ("budget.xlsx", office("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "document"),
    ("slides.pptx", office("pptx"), "application/vnd.openxmlformats-officedocument.presentationml.presentation",
     "document"),
    ("minutes.odt", office("odt"), "application/vnd.oasis.opendocument.text", "document"),
    ("figures.ods", office("ods"), "application/vnd.oasis.opendocument.spreadsheet", "document"),
    ("cases.csv", "país,casos\nBrasil,12\nPerú,7\n".encode(), "text/csv", "document"),
    ("notes.txt", "Cadena de frío: revisar cada día.\n".encode(), "text/plain", "document"),
    ("map.png", png(), "image/png", "image"),
    ("photo.jpg", png(fmt="JPEG"), "image/jpeg", "image"),
    ("chart.webp", png(fmt="WEBP"), "image/webp", "image"),
]


def upload(client, data: bytes, name: str, headers=None):
    # The builder spools a large body to a temporary file: closed here, not left to the collector.
    builder = EnvironBuilder(path=f"{API}/uploads", method="POST", data={"file": (io.BytesIO(data), name)},
                             content_type="multipart/form-data", headers=headers or {})
    try:
        return client.open(builder)
    finally:
        builder.close()


def fetch(client, url: str, headers=None):
    """GET a file: by its page URL, or, with a token, by the API's (tokens are for /api/ only)."""
    if headers:
        return client.get(f"{API}/uploads/{url.split('/')[2]}", headers=headers)
    return client.get(url)


@pytest.fixture
def member_token(app, member):
    return bearer(issue_token(app, member))


# ---------- accepted types ----------


def test_every_accepted_type_is_stored_and_served_safely(app, client, member_token):
    for name, data, content_type, kind in ACCEPTED:
        response = upload(client, data, name, member_token)
        assert response.status_code == 201, (name, response.get_data(as_text=True))
        body = response.get_json()["upload"]
        assert set(body) >= {"id", "url", "kind", "size"} and body["kind"] == kind
        assert body["url"] == f"/uploads/{body['id']}/{name.replace('.jpg', '.jpg')}"
        served = fetch(client, body["url"], member_token)
        assert served.status_code == 200
        assert served.headers["Content-Type"].split(";")[0] == content_type
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert served.headers["Content-Security-Policy"] == SANDBOX
        disposition = served.headers["Content-Disposition"]
        assert disposition.startswith("inline;" if kind == "image" else "attachment;"), (name, disposition)
        if kind == "document":
            assert served.data == data
        assert len(served.data) == body["size"]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Upload)) == len(ACCEPTED)


def test_images_are_reencoded_without_metadata(app, client, member_token):
    original = png((40, 30), exif=True, fmt="JPEG")
    assert b"SecretCam" in original
    body = upload(client, original + b"<script>alert(1)</script>", "holiday.jpeg", member_token).get_json()["upload"]
    served = fetch(client, body["url"], member_token).data
    assert b"SecretCam" not in served and b"<script>" not in served
    with Image.open(io.BytesIO(served)) as image:
        assert image.size == (40, 30) and image.format == "JPEG"
        assert not image.getexif()


# ---------- hostile files ----------


HOSTILE = [
    ("bomb.png", png_bomb(), 422, "image_too_large"),
    ("cat.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<html><script>alert(1)</script></html>", 415, "unsupported_type"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 415, "unsupported_type"),
    ("logo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 415,
     "unsupported_type"),
    ("protocol.pdf", b"<!doctype html><html><script>alert(document.cookie)</script></html>", 415,
     "unsupported_type"),
    ("notes.txt", b"<html><body onload=alert(1)>", 415, "unsupported_type"),
    ("cut.png", png((300, 300))[:60], 415, "unsupported_type"),
    ("cut.pdf", PDF[:30], 415, "unsupported_type"),
    ("macro.docm.docx", office("docx", main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
     415, "unsupported_type"),
    ("binary.txt", b"text\x00with a NUL", 415, "unsupported_type"),
    ("latin1.csv", "año,casos\n".encode("latin-1"), 415, "unsupported_type"),
    ("empty.txt", b"", 422, "required"),
    ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, 415, "unsupported_type"),
]


@pytest.mark.parametrize(("name", "data", "status", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_with_a_clear_error(app, client, member_token, name, data, status, code):
    assert_error(upload(client, data, name, member_token), status, code)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Upload)) == 0


def test_pdf_html_polyglot_is_only_ever_a_download(app, client, member_token):
    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n"
    body = upload(client, polyglot, "both.pdf", member_token).get_json()["upload"]
    served = fetch(client, body["url"], member_token)
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert served.headers["Content-Security-Policy"] == SANDBOX
    assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("name", "expected"), [
    ("../../../etc/passwd.txt", "passwd.txt"),
    ("bell\x07esc\x1b[0m\x7f.txt", "bellesc_0m.txt"),
    ("no extension", "no extension.txt"),
])
def test_filenames_are_sanitized(app, client, member_token, name, expected):
    body = upload(client, b"plain words\n", name, member_token).get_json()["upload"]
    served = fetch(client, body["url"], member_token)
    disposition = served.headers["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition.split("filename*")[0]
    with app.app_context():
        assert db.session.get(Upload, body["id"]).filename == expected


def test_a_windows_path_or_a_header_injection_keeps_only_a_name():
    assert clean_filename("C:\\Users\\ana\\Informe final.TXT", "txt") == "Informe final.txt"
    name = clean_filename("evil\r\nSet-Cookie: x=1\x07.pdf", "pdf")
    assert name == "evilSet-Cookie_x_1.pdf"
    assert clean_filename('"quoted";name=.txt', "txt") == "quoted_name.txt"
    header = content_disposition("attachment", "Año 2026 «final».pdf")
    assert header == ("attachment; filename=\"Ano 2026 final.pdf\"; "
                      "filename*=UTF-8''A%C3%B1o%202026%20%C2%ABfinal%C2%BB.pdf")


def test_over_the_limit_and_over_the_quota(app, client, member_token):
    assert app.config["UPLOAD_MAX_BYTES"] == 10 * 1024 * 1024
    # Only the views that take files accept bodies past MAX_CONTENT_LENGTH (scaled down here).
    app.config.update(MAX_CONTENT_LENGTH=50_000, UPLOAD_MAX_BYTES=200_000)
    assert upload(client, b"word " * 20_000 + b"\n", "long.txt", member_token).status_code == 201
    assert_error(client.post(f"{API}/conversations", data=b"x" * 60_000, content_type="application/json",
                             headers=member_token), 413, "too_large")
    app.config["UPLOAD_MAX_BYTES"] = 1000  # a small limit: the same check, without spooling megabytes
    assert_error(upload(client, b"a" * 1001, "big.txt", member_token), 413, "too_large")
    assert_error(upload(client, b"a" * 400_000, "bigger.txt", member_token), 413, "too_large")  # past the body limit
    app.config["UPLOAD_DAILY_BYTES"] = 100 + 100_001
    assert upload(client, b"x" * 60 + b"\n", "one.txt", member_token).status_code == 201
    assert_error(upload(client, b"y" * 60 + b"\n", "two.txt", member_token), 429, "quota_exceeded")


def test_api_needs_a_member_and_a_file(app, client, member_token):
    assert_error(upload(client, PDF, "a.pdf"), 401, "unauthorized")
    response = client.post(f"{API}/uploads", data={}, content_type="multipart/form-data", headers=member_token)
    assert_error(response, 422, "required")


# ---------- who may fetch a file ----------


def _ids(app, *names):
    with app.app_context():
        return [db.session.scalar(select(User.id).where(User.username == n)) for n in names]


def test_post_files_follow_the_post(app, client, member, other_member, moderator, member_token):
    image = upload(client, png(), "map.png", member_token).get_json()["upload"]
    other = bearer(issue_token(app, other_member))
    mod = bearer(issue_token(app, moderator))
    assert fetch(client, image["url"], other).status_code == 404  # not attached yet: uploader only
    assert client.get(image["url"]).status_code == 404
    with app.test_request_context(method="POST"):
        author, moderator_user = (db.session.get(User, i) for i in _ids(app, "member", "moderator"))
        community = make_community("malaria")
        thread = make_thread(author, community)
        post = make_post(author, thread, f"The route:\n\n![map]({image['url']})")
        # Someone else naming the file in their post does not open it to anyone.
        db.session.commit()
        post_id, thread_id = post.id, thread.id
        assert f'<img src="{image["url"]}"' in post.html
    assert client.get(image["url"]).status_code == 200  # a public post: anyone
    page = client.get(f"/t/{thread_id}", follow_redirects=True).get_data(as_text=True)
    assert f'src="{image["url"]}"' in page
    with app.test_request_context(method="POST"):
        do_hide_post(db.session.get(User, _ids(app, "moderator")[0]), db.session.get(Post, post_id), reason="Spam")
        db.session.commit()
    assert client.get(image["url"]).status_code == 404
    assert fetch(client, image["url"], other).status_code == 404
    assert fetch(client, image["url"], mod).status_code == 200  # moderators review hidden posts
    assert fetch(client, image["url"], member_token).status_code == 200  # its author reads their hidden post
    del moderator_user


def test_direct_message_files_stay_in_the_conversation(app, client, auth, member, other_member, moderator):
    third = bearer(issue_token(app, moderator))
    auth.login("member")
    response = form_post(client, "/messages/new", {"to": "other", "subject": "Protocol", "body": "Here it is",
                                                     "file": (io.BytesIO(PDF), "protocol.pdf")},
                         page="/messages/new", content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        stored = db.session.scalar(select(Upload))
        url = stored.path
        assert db.session.scalar(select(UploadLink.message_id).where(UploadLink.upload_id == stored.id))
    conversation = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'href="{url}"' in conversation
    auth.logout()
    auth.login("other")
    assert client.get(url).status_code == 200
    auth.logout()
    assert client.get(url).status_code == 404
    assert fetch(client, url, third).status_code == 404  # not a participant: not even by its URL
    # Naming the file in a public post does not publish it: only the uploader's own files get linked.
    with app.test_request_context(method="POST"):
        moderator_user = db.session.get(User, _ids(app, "moderator")[0])
        make_post(moderator_user, make_thread(moderator_user, make_community("leak")), f"[leak]({url})")
        db.session.commit()
    assert client.get(url).status_code == 404


# ---------- forms without JavaScript ----------


def test_reply_form_attaches_a_file_and_keeps_the_text_when_refused(app, client, auth, member):
    with app.test_request_context(method="POST"):
        author = db.session.get(User, _ids(app, "member")[0])
        thread = make_thread(author, make_community("vaccines"))
        db.session.commit()
        thread_id = thread.id
    auth.login("member")
    page = client.get(f"/t/{thread_id}", follow_redirects=True).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    refused = form_post(client, f"/t/{thread_id}/reply",
                        {"body": "My typed reply", "file": (io.BytesIO(b"<svg onload=alert(1)>"), "x.svg")},
                        page=f"/t/{thread_id}/reply", content_type="multipart/form-data")
    assert refused.status_code == 415
    text = refused.get_data(as_text=True)
    assert "My typed reply" in text and "not accepted" in text
    assert 'aria-invalid="true"' in text
    done = form_post(client, f"/t/{thread_id}/reply",
                     {"body": "See the table", "file": (io.BytesIO(b"a,b\n1,2\n3,4\n"), "data.csv")},
                     page=f"/t/{thread_id}/reply", content_type="multipart/form-data")
    assert done.status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(Upload))
        post = db.session.scalar(select(Post).order_by(Post.id.desc()))
        assert post.source.startswith("See the table\n\n[data.csv](/uploads/")
        assert f'href="{stored.path}"' in post.html
        assert markdown_for(stored) in post.source


def test_thread_page_queries_do_not_grow_with_attachments(app, client, member, member_token, count_queries):
    urls = [upload(client, png((3 + i, 3)), f"p{i}.png", member_token).get_json()["upload"]["url"]
            for i in range(6)]
    with app.test_request_context(method="POST"):
        author = db.session.get(User, _ids(app, "member")[0])
        community = make_community("charts")
        plain = make_thread(author, community, title="Without files")
        rich = make_thread(author, community, title="With files")
        for i, url in enumerate(urls):
            make_post(author, plain, f"Reply {i} without a file")
            make_post(author, rich, f"Reply {i} ![chart]({url}) [doc]({url})")
        db.session.commit()
        plain_id, rich_id = plain.id, rich.id
    client.get(f"/t/{plain_id}", follow_redirects=True)
    with count_queries() as without:
        assert client.get(f"/t/{plain_id}", follow_redirects=True).status_code == 200
    with count_queries() as with_files:
        page = client.get(f"/t/{rich_id}", follow_redirects=True).get_data(as_text=True)
    assert len(re.findall(r'<img src="/uploads/', page)) == 6
    assert with_files.count == without.count


# ---------- the S3 backend, end to end ----------


def test_uploads_through_the_s3_backend(app, client, member_token):
    with moto_server() as endpoint:
        app.config.update(s3_settings(endpoint, "horizonte-app"))
        body = upload(client, PDF, "protocol.pdf", member_token).get_json()["upload"]
        served = fetch(client, body["url"], member_token)
        assert served.status_code == 200 and served.data == PDF
        import boto3

        s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="testing",
                          aws_secret_access_key="testing", region_name="us-east-1")
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="horizonte-app").get("Contents", [])]
        with app.app_context():
            assert keys == [f"uploads/{db.session.get(Upload, body['id']).sha256}"]


def test_new_thread_and_edit_forms_attach_images(app, client, auth, member):
    with app.test_request_context(method="POST"):
        make_community("images")
        db.session.commit()
    auth.login("member")
    created = form_post(client, "/c/images/new",
                        {"title": "Cold room photos", "kind": "discussion", "language": "",
                         "body": "The new cold room", "file": (io.BytesIO(png((8, 8))), "room.png")},
                        content_type="multipart/form-data")
    assert created.status_code == 302, created.get_data(as_text=True)[:3000]
    with app.app_context():
        post = db.session.scalar(select(Post).order_by(Post.id.desc()))
        first = db.session.scalar(select(Upload))
        assert f'<img src="{first.path}" alt="room.png">' in post.html
        post_id = post.id
    edited = form_post(client, f"/p/{post_id}/edit",
                       {"body": "Only the second photo now", "file": (io.BytesIO(png((9, 9))), "room2.png")},
                       content_type="multipart/form-data")
    assert edited.status_code == 302
    with app.app_context():
        links = list(db.session.scalars(select(UploadLink.upload_id).where(UploadLink.post_id == post_id)))
        assert links == [first.id + 1]  # the first photo, no longer named, is unlinked
    assert client.get(first.path).status_code == 200  # attached to nothing any more: its uploader's alone
    auth.logout()
    assert client.get(first.path).status_code == 404


def test_prune_forgets_unattached_uploads_and_deletes_only_files_nothing_names(app, client, member_token):
    from forum.storage import storage_from_config

    kept = upload(client, PDF, "protocol.pdf", member_token).get_json()["upload"]
    lone = upload(client, png((5, 5)), "sketch.png", member_token).get_json()["upload"]
    twin = upload(client, PDF, "protocol-copy.pdf", member_token).get_json()["upload"]  # same bytes as kept
    with app.test_request_context(method="POST"):
        author = db.session.get(User, _ids(app, "member")[0])
        thread = make_thread(author, make_community("prune"))
        make_post(author, thread, f"[protocol]({kept['url']})")
        db.session.execute(update(Upload).values(created_at=utcnow() - timedelta(days=2)))
        db.session.commit()
        hashes = {row.id: row.sha256 for row in db.session.execute(select(Upload.id, Upload.sha256))}
    result = app.test_cli_runner().invoke(args=["uploads", "prune"])
    assert result.exit_code == 0 and "uploads 2, files 1" in result.output  # lone and twin; only lone's file
    store = storage_from_config(app.config)
    with app.app_context():
        assert set(db.session.scalars(select(Upload.id))) == {kept["id"]}
    assert store.exists(hashes[kept["id"]]) and not store.exists(hashes[lone["id"]])
    assert fetch(client, kept["url"], member_token).status_code == 200
    assert fetch(client, twin["url"], member_token).status_code == 404
    assert "uploads 0, files 0" in app.test_cli_runner().invoke(args=["uploads", "prune"]).output
