"""The tests against published real exports (../shared/realdata) never pass in CI by skipping."""

from __future__ import annotations

import pytest
from conftest import require_realdata


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_missing_real_data_fails_in_ci(tmp_path, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    # BaseException: a skip (pytest's Skipped) must be caught here and fail the test, not
    # report it as skipped.
    with pytest.raises(BaseException, match="CI must run the real-data tests") as caught:
        require_realdata(tmp_path / "absent")
    assert caught.type is pytest.fail.Exception


@pytest.mark.parametrize("value", [None, "", "0", "false"])
def test_missing_real_data_skips_elsewhere(tmp_path, monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises(BaseException, match="not beside the repository") as caught:
        require_realdata(tmp_path / "absent")
    assert caught.type is pytest.skip.Exception


def test_present_real_data_is_returned(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert require_realdata(tmp_path) == tmp_path
