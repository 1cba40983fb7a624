"""A client folder read in one call, and the batch's cache of it: read once, the same data back
for every other notebook, read again when a file changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from nps_workbook import client_data
from nps_workbook.client_data import CACHE_ENV, load_client_data

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "dk-b2b-it"


@pytest.fixture
def client(tmp_path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "dk-b2b-it"))


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def assert_same_data(got, expected) -> None:
    pd.testing.assert_frame_equal(got.answers, expected.answers)
    pd.testing.assert_frame_equal(got.responses.rejected, expected.responses.rejected)
    for name in ("customers", "followups", "touchpoints"):
        pd.testing.assert_frame_equal(getattr(got, name).frame, getattr(expected, name).frame)
    assert got.client.config == expected.client.config


def test_the_second_read_comes_from_the_cache(client, cache, monkeypatch):
    first = load_client_data(client)
    assert len(list(cache.glob("*.pickle"))) == 1

    def no_reading(*args, **kwargs):
        raise AssertionError("the responses were read again")

    monkeypatch.setattr(client_data, "load_responses", no_reading)
    again = load_client_data(client)
    assert_same_data(again, first)


def test_the_cache_gives_what_the_files_give(client, cache, monkeypatch):
    load_client_data(client)
    cached = load_client_data(client)
    monkeypatch.delenv(CACHE_ENV)
    assert_same_data(cached, load_client_data(client))


def test_a_changed_file_is_read_again(client, cache):
    before = load_client_data(client)
    responses = before.client.path("responses")
    lines = responses.read_bytes().splitlines(keepends=True)
    responses.write_bytes(b"".join(lines[:-10]))  # the last ten answers taken out
    after = load_client_data(client)
    assert len(after.answers) + len(after.responses.rejected) == (
        len(before.answers) + len(before.responses.rejected) - 10
    )
    assert len(list(cache.glob("*.pickle"))) == 2


def test_an_unreadable_cache_file_is_read_from_the_files(client, cache):
    expected = load_client_data(client)
    (kept,) = cache.glob("*.pickle")
    kept.write_bytes(b"not a pickle")
    assert_same_data(load_client_data(client), expected)


def test_no_cache_without_the_variable_or_its_folder(client, tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    load_client_data(client)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "gone"))
    load_client_data(client)
    assert not (tmp_path / "gone").exists()
    assert not list(tmp_path.rglob("*.pickle"))


def test_answer_times_are_shown_in_the_clients_zone(tmp_path):
    folder = tmp_path / "nordlys"
    folder.mkdir()
    (folder / "responses.csv").write_text(
        "id,submitted_at,NPS\n1,2024-01-15T09:23:45Z,9\n2,2024-07-15T09:23:45Z,3\n", "utf-8"
    )
    client_yml = "client: Nordlys\nlanguage: en\nfiles: {responses: responses.csv}\n"
    (folder / "client.yml").write_text(client_yml, "utf-8")
    # English: London, GMT in January and BST (UTC+1) in July.
    london = load_client_data(folder).responses
    assert london.timezone == "Europe/London"
    assert london.answers["date"].tolist() == [
        pd.Timestamp("2024-01-15 09:23:45"),
        pd.Timestamp("2024-07-15 10:23:45"),
    ]
    (folder / "client.yml").write_text(client_yml + "timezone: Europe/Helsinki\n", "utf-8")
    helsinki = load_client_data(folder).responses  # UTC+2 in winter, +3 in summer
    assert helsinki.answers["date"].tolist() == [
        pd.Timestamp("2024-01-15 11:23:45"),
        pd.Timestamp("2024-07-15 12:23:45"),
    ]
