"""Uploaded files are kept the same way on disk and on the S3 protocol: one set of tests, both
backends (the S3 one against a local moto server)."""

import hashlib
from collections.abc import Iterator

import pytest

from forum.storage import DiskStorage, S3Storage, StoredFileMissing, storage_from_config
from tests.s3_server import moto_server, s3_settings


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture(params=["disk", "s3"])
def store(request, tmp_path):
    if request.param == "disk":
        return storage_from_config({"UPLOAD_DIR": str(tmp_path / "uploads")})
    settings = s3_settings(request.getfixturevalue("s3_endpoint"), "horizonte-test")
    return storage_from_config(settings)


def _key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_backend_is_chosen_by_the_settings(store, request):
    assert isinstance(store, DiskStorage if "disk" in request.node.name else S3Storage)


def test_put_get_exists_delete(store):
    data = b"%PDF-1.4\nprotocol\n%%EOF\n"
    key = _key(data)
    assert not store.exists(key)
    with pytest.raises(StoredFileMissing):
        store.get(key)
    store.put(key, data, "application/pdf")
    store.put(key, data, "application/pdf")  # the same content twice: stored once, no error
    assert store.exists(key)
    assert store.get(key) == data
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # deleting what is gone is no error


def test_large_binary_round_trip(store):
    data = bytes(range(256)) * 8192  # 2 MB of every byte value
    key = _key(data)
    store.put(key, data, "application/octet-stream")
    assert store.get(key) == data


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "", "0" * 63, "0" * 64 + "/x"])
def test_keys_are_content_hashes_only(store, bad):
    with pytest.raises(ValueError):
        store.put(bad, b"x", "text/plain")
    with pytest.raises(ValueError):
        store.get(bad)


def test_disk_files_are_spread_and_written_whole(tmp_path):
    store = DiskStorage(tmp_path)
    data = b"a,b\n1,2\n"
    key = _key(data)
    store.put(key, data, "text/csv")
    assert (tmp_path / key[:2] / key[2:4] / key).read_bytes() == data
    assert not list(tmp_path.rglob(".incoming-*"))
