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


def notebooks_dir() -> Path:
    return Path(os.environ.get("WORKSHOP_KIT_NOTEBOOKS", REPO_ROOT / "notebooks"))


def workshop_data_dir() -> Path:
    """Working data (SQLite store, facilitator key): git-ignored, created on first use."""
    path = Path(os.environ.get("WORKSHOP_KIT_HOME", Path.cwd() / "workshop-data"))
    path.mkdir(parents=True, exist_ok=True)
    return path
