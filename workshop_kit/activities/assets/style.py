"""What the asset views look like: their CSS and the layout of a labelled form field."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

ASSETS_CSS = """
<style>
.wk-assets-page { max-width: 1000px; margin: 0 auto; font-size: 16px; }
.wk-assets-total p { font-size: 20px; font-weight: 600; }
.wk-assets-table { border-collapse: collapse; width: 100%; font-size: 14px; }
.wk-assets-table th, .wk-assets-table td { border-bottom: 1px solid #ddd; padding: 3px 6px;
  text-align: left; vertical-align: top; }
.wk-assets-table .wk-assets-category-row th { background: #eef3f8; padding-top: 8px; }
.wk-assets-table td.wk-number, .wk-assets-table th.wk-number { text-align: right; }
.wk-assets-duplicate, .wk-assets-merged-group { border-left: 4px solid #E69F00;
  padding: 2px 8px; margin: 4px 0; }
.wk-assets-merged-group { border-left-color: #0072B2; }
.wk-assets-counts-table { margin-bottom: 18px; }
.wk-assets-downloads a { color: #0b57d0; text-decoration: underline; font-weight: 600; }
.wk-assets-page .widget-button { width: auto; min-width: 120px; align-self: flex-start; }
.wk-assets-form .widget-checkbox { width: 100%; }
.wk-assets-form input[type="text"] { font-size: 16px; }
</style>
"""


def _wide(description: str, **kwargs: Any) -> dict[str, Any]:
    """Common keyword arguments of a form field: a visible label, full width on a phone."""
    return {
        "description": description,
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="calc(100% - 12px)", max_width="520px"),
        **kwargs,
    }
