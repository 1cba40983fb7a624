"""Atomic output files: a reader sees the old file or the new one, never half of one."""

import errno
import json
import os

import pytest

from nps_workbook import files
from nps_workbook.files import OutputError


def test_atomic_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "rapport.html"
    files.write_text_atomic(path, "første")
    assert path.read_text(encoding="utf-8") == "første"
    files.write_text_atomic(path, "anden æøå")
    assert path.read_text(encoding="utf-8") == "anden æøå"
    assert os.listdir(tmp_path) == ["rapport.html"]


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "rapport.html"
    files.write_text_atomic(path, "old")
    with pytest.raises(TypeError):
        files.write_text_atomic(path, None)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["rapport.html"]


def test_an_exception_inside_the_block_keeps_the_old_file(tmp_path):
    path = tmp_path / "followup.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), files.atomic_path(path) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("killed")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["followup.xlsx"]


def test_a_full_disk_is_one_error_naming_the_file_and_nothing_is_left(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    path = tmp_path / "report.html"
    with pytest.raises(OutputError) as caught:
        files.write_text_atomic(path, "x" * 1000)
    assert str(caught.value) == f"{path}: cannot write: No space left on device"
    assert os.listdir(tmp_path) == []


def test_new_files_are_readable_by_others_and_replaced_files_keep_their_mode(tmp_path):
    new = files.write_json_atomic(tmp_path / "summary.json", {"klient": "Kvistholm", "nps": 26})
    assert new.stat().st_mode & 0o777 == 0o644
    assert json.loads(new.read_text(encoding="utf-8")) == {"klient": "Kvistholm", "nps": 26}
    assert "Kvistholm" in new.read_text(encoding="utf-8")  # UTF-8 text, not \\u escapes
    os.chmod(new, 0o600)
    files.write_json_atomic(new, {})
    assert new.stat().st_mode & 0o777 == 0o600


def test_remove_partials_clears_what_an_interrupted_run_left(tmp_path):
    (tmp_path / "a" / "reports").mkdir(parents=True)
    left = tmp_path / "a" / "reports" / ".02_nps.k3j2.partial.html"
    left.write_text("half")
    kept = tmp_path / "a" / "report.html"
    kept.write_text("whole")
    assert files.remove_partials(tmp_path) == [left]
    assert not left.exists() and kept.exists()
    assert files.remove_partials(tmp_path / "missing") == []
