"""Participants cannot act as the facilitator, markup never runs, the kernel refuses code."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from browser_helpers import PAGE_READY_MS, create_session, join, page_kernel_id
from playwright.sync_api import expect

from workshop_kit.auth import facilitator_from_query, hash_key

pytestmark = [pytest.mark.server]

HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Night'


def test_only_the_configured_key_makes_a_facilitator():
    expected = hash_key("right-key")
    assert facilitator_from_query("key=right-key", expected) is not None
    assert facilitator_from_query("key=wrong-key", expected) is None
    assert facilitator_from_query("code=ABC123", expected) is None
    assert facilitator_from_query("", None) is None  # served without a key: nobody
    assert facilitator_from_query("key=anything", None) is None


@pytest.mark.browser
@pytest.mark.parametrize("query", ["", "key=not-the-key", "code=ABCDEF"])
def test_a_participant_link_on_the_hub_sees_a_polite_refusal_and_no_controls(
    voila_server, new_page, query
):
    page = new_page()
    page.goto(voila_server.url("00_start_here.ipynb", query))
    expect(page.locator(".wk-refusal")).to_contain_text(
        "This page is for the workshop facilitator", timeout=PAGE_READY_MS
    )
    for control in (".wk-create-session", ".wk-activity-choice", ".wk-delete-answers"):
        expect(page.locator(control)).to_have_count(0)


@pytest.mark.browser
def test_markup_in_user_text_is_shown_as_text(voila_server, new_page):
    hub = new_page(1280, 1600)
    code = create_session(hub, voila_server.hub_url, HOSTILE_TITLE)
    phone = new_page(390, 844, mobile=True)
    join(phone, voila_server.base_url, code)
    for page in (hub, phone):
        expect(page.locator(".wk-session-title").first).to_contain_text("<img src=x onerror=")
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".wk-session-title img").count() == 0


KERNEL_PROBE = """
async ([kernelId, code]) => {
  const url = `ws://${location.host}/api/kernels/${kernelId}/channels?session_id=probe`;
  const socket = new WebSocket(url);
  const seen = [];
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  socket.onmessage = (event) => {
    try { seen.push(JSON.parse(event.data).header.msg_type); } catch (error) { seen.push("?"); }
  };
  const message = (type, content) => JSON.stringify({
    header: { msg_id: String(Math.random()), username: "probe", session: "probe",
              msg_type: type, version: "5.3", date: new Date().toISOString() },
    parent_header: {}, metadata: {}, content, channel: "shell", buffers: [],
  });
  socket.send(message("execute_request", { code, silent: false, store_history: false,
    user_expressions: {}, allow_stdin: false, stop_on_error: true }));
  socket.send(message("kernel_info_request", {}));
  await new Promise((resolve) => setTimeout(resolve, 4000));
  socket.close();
  return seen;
}
"""


@pytest.mark.browser
def test_the_kernel_refuses_code_sent_from_the_browser(voila_server, new_page, tmp_path: Path):
    marker = tmp_path / f"executed-{uuid.uuid4().hex}"
    page = new_page(390, 844, mobile=True)
    page.goto(voila_server.url("participant.ipynb"))
    page.wait_for_selector(".wk-code-entry", timeout=PAGE_READY_MS)
    kernel_id = page_kernel_id(page)
    code = f"open({str(marker)!r}, 'w').write('ran')"
    seen = page.evaluate(KERNEL_PROBE, [kernel_id, code])
    assert "kernel_info_reply" in seen  # the channel works: the refusal is the kernel's
    assert "execute_reply" not in seen
    assert not marker.exists()


def test_served_pages_carry_no_source_code(voila_server):
    with urllib.request.urlopen(voila_server.url("participant.ipynb"), timeout=120) as reply:
        html = reply.read().decode()
    assert "from workshop_kit" not in html
    assert "participant.show()" not in html
    config = json.loads(html.split('id="jupyter-config-data"', 1)[1].split(">", 1)[1].split("<")[0])
    assert config.get("kernelId")


@pytest.mark.browser
def test_closing_a_page_frees_its_kernel(voila_server, new_page):
    """The shutdown beacon now carries a valid _xsrf cookie (voila-dashboards/voila#1458)."""
    page = new_page()
    page.goto(voila_server.hub_url)
    page.wait_for_selector(".wk-create-session", timeout=PAGE_READY_MS)
    kernel_id = page_kernel_id(page)
    assert voila_server.kernel_exists(kernel_id)
    assert any(c["name"] == "_xsrf" for c in page.context.cookies())
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and voila_server.kernel_exists(kernel_id):
        time.sleep(0.5)
    assert not voila_server.kernel_exists(kernel_id)
    assert "403 POST /voila/api/shutdown" not in voila_server.log()
