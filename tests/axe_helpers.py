"""axe-core in the page, from the copy the PyPI package axe-playwright-python ships (no CDN)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

#: WCAG 2.0 and 2.1, levels A and AA: what the issue asks every page to pass.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " +
                                    (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 160)),
    count: v.nodes.length}));
}"""


@cache
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2 A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(RUN, WCAG_TAGS)


def table(found: dict[str, list[dict]]) -> str:
    """One line per page: how many rules fail, and which (with how many elements)."""
    lines = []
    for name, items in found.items():
        rules = ", ".join(f"{v['id']}({v['count']})" for v in items) or "-"
        lines.append(f"{name:28} {len(items):2}  {rules}")
    return "\n".join(lines)
