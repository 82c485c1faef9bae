"""Server tests start real processes: each module gets its own data folder and server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from classproc import ServerProcess  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("class")
    proc = ServerProcess(f"sqlite:///{data / 'class.db'}", data).start()
    yield proc
    proc.stop()
