"""Names as people write them: a file's name without its folders, and headers compared loosely.

Why shared: every importer names the file in its messages and matches column headers and
labels typed by hand (``Importance (1-5)``, ``importance``, ``Importancé``), and they must all
agree on what counts as the same name.
"""

from __future__ import annotations

import re
import unicodedata


def file_name(filename: str) -> str:
    """The name of a file without its folders (browsers and ``Path`` give either ``/`` or
    ``\\``): how every message and result names the file."""
    return filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]


def normal(text: str) -> str:
    """Compare names, headers and labels the way people mean them: no case, accents or
    punctuation. Shared by every importer's column and label matching."""
    plain = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
