"""The join QR code, drawn so that a phone's camera can read it wherever it is shown.

A QR code is read only whole: a code cut at its edge, or without the blank margin around it
(the *quiet zone*, four modules wide in the standard), is not read at all. So the SVG has a
``viewBox`` and no fixed size: it scales to the box it is put in (the hub's corner, the
projector's half screen, a printed run of show) instead of overflowing it, and its margin
scales with it. Edges are drawn crisp, so a scaled code stays black and white modules.
"""

from __future__ import annotations

import html

import segno

#: The blank margin around the code, in modules: the size ISO/IEC 18004 asks for.
QUIET_ZONE = 4


def qr_svg(link: str, alt: str) -> str:
    """``link`` as an inline SVG QR code that fills its container's width, with ``alt`` as
    its text alternative (the link itself, for people who cannot scan)."""
    code = segno.make(link, error="m")
    svg = code.svg_inline(
        border=QUIET_ZONE, dark="#000000", light="#ffffff", omitsize=True, svgclass="wk-qr-code"
    )
    svg = svg.replace("<svg ", '<svg width="100%" height="100%" shape-rendering="crispEdges" ', 1)
    return f'<div class="wk-qr" role="img" aria-label="{html.escape(alt, quote=True)}">{svg}</div>'
