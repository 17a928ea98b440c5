"""Where the kit finds its shipped data and keeps its working data.

The kit is installed editable from a clone (``make serve``), so shipped data lives beside the
package in ``data/``; ``WORKSHOP_KIT_DATA`` points elsewhere for other layouts.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder holding ``communities/`` and ``reference/``."""
    return Path(os.environ.get("WORKSHOP_KIT_DATA", REPO_ROOT / "data"))


def sample_profile_path() -> Path:
    """The built-in synthetic sample community."""
    return data_dir() / "communities" / "riverbend" / "profile.yaml"


#: Notebooks for trainers in JupyterLab, never served by Voilà (no facilitator page, no pool).
LAB_NOTEBOOKS = ("07_explore_results.ipynb",)


def notebooks_dir() -> Path:
    return Path(os.environ.get("WORKSHOP_KIT_NOTEBOOKS", REPO_ROOT / "notebooks"))


def workshop_data_dir() -> Path:
    """Working data (SQLite store, facilitator key, exports): git-ignored, created on first
    use, readable by its owner only (see :func:`private_dir`)."""
    return private_dir(Path(os.environ.get("WORKSHOP_KIT_HOME", Path.cwd() / "workshop-data")))


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can enter (0700), created if needed.

    Why: it holds participants' answers and the facilitator key, on a laptop that other
    accounts (or a shared JupyterHub's users) may use; the umask would leave it readable by
    all. A folder made looser by hand is tightened again; one we do not own is left alone.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError:  # not ours to change: the files inside are still created 0600
        pass
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` readable and writable by its owner only (0600), even when the
    file already existed with looser permissions."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(data)
    return path
