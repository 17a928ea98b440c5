"""Working data is private to the account that runs the kit: the data folder 0700, the
database (with its WAL files), the facilitator key and exports 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from workshop_kit.auth import load_or_create_key
from workshop_kit.core.answers import validate_answer
from workshop_kit.core.store import _engine, open_store
from workshop_kit.paths import private_dir, workshop_data_dir, write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The loosest usual umask (022 makes files world-readable): modes must not depend on it."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_umask) -> Path:
    folder = tmp_path / "workshop-data"
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(folder))
    monkeypatch.delenv("WORKSHOP_KIT_DB", raising=False)
    return folder


def test_the_data_folder_database_and_key_are_owner_only(home: Path):
    assert workshop_data_dir() == home
    store = open_store()
    session = store.create_session("Private", "en", "a" * 64)
    store.add_answer(
        session.code,
        store.join(session.code),
        validate_answer("welcome", {"group": "caregiver"}),
        "k1",
    )
    load_or_create_key(home)
    assert mode(home) == 0o700
    database = home / "workshop.sqlite"
    assert mode(database) == 0o600
    for companion in (home / "workshop.sqlite-wal", home / "workshop.sqlite-shm"):
        assert companion.exists() and mode(companion) == 0o600
    assert mode(home / "facilitator.key") == 0o600
    store.engine.dispose()
    _engine.cache_clear()


def test_a_folder_and_database_made_readable_by_others_are_tightened(home: Path):
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    database = home / "workshop.sqlite"
    database.touch()
    database.chmod(0o644)
    store = open_store()
    assert mode(home) == 0o700
    assert mode(database) == 0o600
    store.engine.dispose()
    _engine.cache_clear()


def test_export_files_are_owner_only(home: Path):
    exports = private_dir(workshop_data_dir() / "exports")
    path = write_private(exports / "report.csv", b"a,b\n")
    assert mode(exports) == 0o700
    assert mode(path) == 0o600
    path.chmod(0o644)  # an older export, or one copied in: rewriting it tightens it
    write_private(path, b"a,b\n1,2\n")
    assert mode(path) == 0o600 and path.read_bytes() == b"a,b\n1,2\n"


def test_the_asset_page_writes_its_exports_owner_only(home: Path, store, profile):
    from test_assets_app import SAMPLE, page_for

    page = page_for(store, profile, None)  # imported files only: no session needed
    page.import_panel.load(SAMPLE.name, SAMPLE.read_bytes())
    page.import_panel.import_button.click()
    for kind in ("directory", "network"):
        path = page.export(kind)
        # without a session, exports go to exports/import/ (with one, exports/<code>/)
        assert path is not None and path.parent == home / "exports" / "import"
        assert mode(path) == 0o600
        assert mode(path.parent) == mode(path.parent.parent) == 0o700
