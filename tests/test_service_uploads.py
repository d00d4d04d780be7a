"""Uploaded datasets are bounded (size, files, zip bombs, escaping paths, links), each with a clear error."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest
from fastapi.testclient import TestClient

from riskengine.service import create_app, uploads
from riskengine.service.uploads import UploadLimits, UploadRejected
from riskengine.workspace import Workspace

from .service_fixtures import make_tokens, save_world, street_a_zip, test_settings, zip_of

SMALL = UploadLimits(max_bytes=200_000, max_files=20, max_uncompressed=2_000_000, max_ratio=50)


def _entry(name: str, data: bytes = b"x", *, mode: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(name)
        if mode is not None:
            info.external_attr = mode << 16
        archive.writestr(info, data)
    return buffer.getvalue()


def _refused(data: bytes, limits: UploadLimits = SMALL, kind: str = "zip", tmp_path=None) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        uploads.check_size(len(data), limits)
        uploads.kind_of(f"x.{kind}", data)
        uploads.unpack(data, kind, tmp_path, limits)
    return caught.value


def test_a_zipped_folder_unpacks_to_its_files(tmp_path):
    root = uploads.unpack(street_a_zip(), "zip", tmp_path, UploadLimits())
    assert root.name == "street_a" and (root / "ledger.csv").is_file()


def test_a_flat_zip_unpacks_in_place(tmp_path):
    root = uploads.unpack(zip_of({"ledger.csv": b"txn_id\n"}), "zip", tmp_path, UploadLimits())
    assert root == tmp_path


@pytest.mark.parametrize("name", ["../evil.csv", "/etc/evil.csv", "a/../../evil.csv", "C:/evil.csv",
                                  "a\\..\\evil.csv"])
def test_paths_escaping_the_archive(tmp_path, name):
    refused = _refused(_entry(name), tmp_path=tmp_path)
    assert refused.status == 400 and "路径" in str(refused)
    assert not (tmp_path.parent / "evil.csv").exists()


def test_symlinks(tmp_path):
    refused = _refused(_entry("ledger.csv", b"/etc/passwd", mode=stat.S_IFLNK | 0o777), tmp_path=tmp_path)
    assert refused.status == 400 and "符号链接" in str(refused)


def test_too_large(tmp_path):
    refused = _refused(b"PK" + b"\0" * SMALL.max_bytes, tmp_path=tmp_path)
    assert refused.status == 413 and "过大" in str(refused)


def test_too_many_files(tmp_path):
    data = zip_of({f"f{i}.csv": b"a\n" for i in range(SMALL.max_files + 1)})
    refused = _refused(data, tmp_path=tmp_path)
    assert refused.status == 413 and "文件过多" in str(refused)


def test_a_zip_bomb_by_ratio(tmp_path):
    refused = _refused(zip_of({"ledger.csv": b"0" * 1_000_000}), tmp_path=tmp_path)
    assert refused.status == 413 and "压缩炸弹" in str(refused)


def test_a_zip_bomb_by_declared_total(tmp_path):
    limits = UploadLimits(max_bytes=10_000_000, max_files=20, max_uncompressed=2_000_000, max_ratio=10_000)
    data = zip_of({f"f{i}.csv": b"0" * 600_000 for i in range(4)})
    refused = _refused(data, limits, tmp_path=tmp_path)
    assert refused.status == 413 and "解压后过大" in str(refused)


def test_a_zip_lying_about_its_size(tmp_path):
    data = bytearray(zip_of({"ledger.csv": b"txn_id\n" + b"T1\n" * 50_000}))
    # Shrink the declared size in the central directory: the bytes that come out are still counted.
    central = data.rindex(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    refused = _refused(bytes(data), UploadLimits(max_ratio=10_000), tmp_path=tmp_path)
    assert refused.status in (400, 413)


def test_not_a_zip(tmp_path):
    refused = _refused(b"txn_id,amount\nT1,100\n", tmp_path=tmp_path)
    assert refused.status == 400 and ".zip" in str(refused)


def test_a_damaged_zip(tmp_path):
    refused = _refused(b"PK\x03\x04garbage", tmp_path=tmp_path)
    assert refused.status == 400 and "损坏" in str(refused)


# Through the API: the same errors, as the status and message an uploader sees.

@pytest.fixture
def small_service(tmp_path):
    """The app with small upload bounds (on SQLite: bounds do not depend on the database)."""
    with Workspace.open(f"sqlite:///{tmp_path / 'riskengine.db'}") as workspace:
        save_world(workspace)
        tokens = make_tokens(workspace)
        with TestClient(create_app(workspace, test_settings(uploads=SMALL))) as client:
            yield client, {"Authorization": f"Bearer {tokens['officer_s1']}"}, tokens


def test_upload_errors_through_the_api(small_service):
    client, headers, _ = small_service
    cases = [
        (zip_of({"ledger.csv": b"0" * 1_000_000}), 413, "压缩炸弹"),
        (_entry("../../evil.csv"), 400, "路径"),
        (_entry("ledger.csv", b"x", mode=stat.S_IFLNK | 0o777), 400, "符号链接"),
        (b"not a zip", 400, ".zip"),
        (zip_of({f"f{i}.csv": b"a\n" for i in range(SMALL.max_files + 1)}), 413, "文件过多"),
    ]
    for data, status, words in cases:
        response = client.post("/api/assessments", headers=headers, files={"file": ("data.zip", data)})
        assert response.status_code == status, response.text
        assert words in response.json()["message"]
    assert client.get("/api/jobs", headers=headers).json() == []  # nothing was queued


def test_an_oversized_body_is_refused_before_it_is_read(small_service):
    client, headers, _ = small_service
    big = b"PK" + b"\0" * (SMALL.max_bytes + 100_000)
    response = client.post("/api/assessments", headers=headers, files={"file": ("data.zip", big)})
    assert response.status_code == 413 and "过大" in response.json()["message"]


def test_auditors_cannot_upload(small_service):
    client, _, tokens = small_service
    response = client.post("/api/assessments", headers={"Authorization": f"Bearer {tokens['auditor_s1']}"},
                           files={"file": ("data.zip", street_a_zip())})
    assert response.status_code == 403


def test_nested_folders_are_unwrapped(tmp_path):
    root = uploads.unpack(zip_of({"ledger.csv": b"txn_id\n"}, folder="exports/2026/"), "zip", tmp_path,
                          UploadLimits())
    assert (root / "ledger.csv").is_file()
