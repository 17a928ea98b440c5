"""Read QR codes from a screenshot with a real decoder (zxing-cpp), as a phone's camera would."""

from __future__ import annotations

import io


def links_in(png: bytes) -> list[str]:
    """The text of every QR code a decoder finds in a PNG screenshot."""
    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    return [code.text for code in zxingcpp.read_barcodes(image) if code.valid]
