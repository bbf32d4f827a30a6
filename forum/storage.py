"""Where uploaded files live: one interface, two backends (docs/uploads.md).

A file is named by the sha256 of its bytes, so the same document attached twice is stored once and
a name never comes from a user. `DiskStorage` keeps files under UPLOAD_DIR (several servers share
it as a mounted volume: a write goes to a temporary file renamed into place, atomic on one file
system); `S3Storage` keeps them in an S3-compatible bucket (AWS, MinIO, Garage, Ceph...) when
S3_BUCKET is set. Both answer the same four calls, and tests/test_storage.py runs one set of tests
against both.
"""

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class StoredFileMissing(LookupError):
    """No file is stored under that hash."""


def _check_key(sha256: str) -> str:
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        raise ValueError("a storage key is the hex sha256 of the content")
    return sha256


class Storage(Protocol):
    def put(self, sha256: str, data: bytes, content_type: str) -> None: ...
    def get(self, sha256: str) -> bytes: ...
    def exists(self, sha256: str) -> bool: ...
    def delete(self, sha256: str) -> None: ...


class DiskStorage:
    """Files under `root/ab/cd/<sha256>` (two levels keep directories small)."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        key = _check_key(sha256)
        return self.root / key[:2] / key[2:4] / key

    def put(self, sha256: str, data: bytes, content_type: str) -> None:
        path = self._path(sha256)
        if path.exists():
            return  # same hash, same bytes
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, sha256: str) -> bytes:
        try:
            return self._path(sha256).read_bytes()
        except FileNotFoundError:
            raise StoredFileMissing(sha256) from None

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def delete(self, sha256: str) -> None:
        self._path(sha256).unlink(missing_ok=True)


class S3Storage:
    """Objects `uploads/<sha256>` in one bucket of an S3-compatible store (boto3)."""

    PREFIX = "uploads/"

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, access_key_id: str | None = None,
                 secret_access_key: str | None = None, region: str | None = None) -> None:
        import boto3
        from botocore.config import Config as BotoConfig

        self.bucket = bucket
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url, aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key, region_name=region or "us-east-1",
            config=BotoConfig(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3},
                              s3={"addressing_style": "path"}),
        )

    def _key(self, sha256: str) -> str:
        return self.PREFIX + _check_key(sha256)

    def put(self, sha256: str, data: bytes, content_type: str) -> None:
        if self.exists(sha256):
            return
        self.client.put_object(Bucket=self.bucket, Key=self._key(sha256), Body=data,
                               ContentType="application/octet-stream")

    def get(self, sha256: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(sha256))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise StoredFileMissing(sha256) from None
            raise
        return answer["Body"].read()

    def exists(self, sha256: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(sha256))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise
        return True

    def delete(self, sha256: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(sha256))


def storage_from_config(config: dict) -> Storage:
    if config.get("S3_BUCKET"):
        return S3Storage(config["S3_BUCKET"], endpoint_url=config.get("S3_ENDPOINT_URL"),
                         access_key_id=config.get("S3_ACCESS_KEY_ID"),
                         secret_access_key=config.get("S3_SECRET_ACCESS_KEY"), region=config.get("S3_REGION"))
    return DiskStorage(config["UPLOAD_DIR"])


def storage() -> Storage:
    """The app's storage, built once per app (and again if its settings change, as tests do)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    settings = tuple(app.config.get(k) for k in ("UPLOAD_DIR", "S3_BUCKET", "S3_ENDPOINT_URL",
                                                  "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION"))
    cached = app.extensions.get("horizonte.storage")
    if cached is None or cached[0] != settings:
        cached = app.extensions["horizonte.storage"] = (settings, storage_from_config(app.config))
    return cached[1]
