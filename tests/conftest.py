from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
# The public exports in shared/realdata sit beside the repository, here and in CI.
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip(f"the shared real exports are not beside the repository ({REALDATA})")
    return REALDATA
