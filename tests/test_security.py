"""Participants cannot act as the facilitator, markup never runs, the kernel refuses code."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from browser_helpers import PAGE_READY_MS, create_session, join, page_kernel_id
from playwright.sync_api import expect

from workshop_kit.auth import Facilitator, facilitator_from_query, hash_key

pytestmark = [pytest.mark.server]

#: Every notebook but the participant app is a facilitator page (a new activity's page too).
FACILITATOR_PAGES = sorted(
    p.name
    for p in (Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb")
    if p.name != "participant.ipynb"
)
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Night'


def test_only_the_configured_key_makes_a_facilitator():
    expected = hash_key("right-key")
    assert facilitator_from_query("key=right-key", expected) is not None
    assert facilitator_from_query("key=wrong-key", expected) is None
    assert facilitator_from_query("code=ABC123", expected) is None
    assert facilitator_from_query("", None) is None  # served without a key: nobody
    assert facilitator_from_query("key=anything", None) is None


@pytest.mark.browser
@pytest.mark.parametrize("notebook", FACILITATOR_PAGES)
@pytest.mark.parametrize("query", ["", "key=not-the-key", "code=ABCDEF"])
def test_a_facilitator_page_without_sign_in_is_refused_before_any_kernel_starts(
    voila_server, new_page, notebook, query
):
    before = voila_server.pool()
    page = new_page()
    reply = page.goto(voila_server.url(notebook, query))
    assert reply is not None and reply.status == 403
    expect(page.locator(".wk-notice-text")).to_contain_text(
        "This page is for the workshop facilitator", timeout=PAGE_READY_MS
    )
    for control in (".wk-create-session", ".wk-activity-choice", ".wk-delete-answers"):
        expect(page.locator(control)).to_have_count(0)
    after = voila_server.pool()
    assert set(before["pids"].get(notebook, [])) <= set(after["pids"].get(notebook, []))
    # nothing was handed to this visitor (kernels handed out earlier may end meanwhile: the
    # server frees those whose page has gone)
    assert set(after["handed_out_pids"]) <= set(before["handed_out_pids"])
    assert after["unpooled_kernels"] <= before["unpooled_kernels"]


@pytest.mark.browser
def test_the_key_is_in_no_address_page_link_or_log_line(voila_server, new_page):
    hub = new_page(1280, 1600)
    code = create_session(hub, voila_server.hub_url, "Sign-in")
    assert hub.url == f"{voila_server.base_url}/voila/render/00_start_here.ipynb"
    cookie = next(c for c in hub.context.cookies() if c["name"] == "wk_facilitator")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    links = hub.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert any(f"code={code}" in link for link in links)  # the activity pages, by session code
    for text in (hub.url, hub.content(), *links, voila_server.log()):
        assert voila_server.key not in text
    # An activity page opened from the hub's link works without any key in its address.
    with hub.context.expect_page() as opened:
        hub.click(".wk-activity-pages a >> nth=0")
    page = opened.value
    page.wait_for_selector(
        ".wk-session-page, .wk-assets-page, .wk-caregiving", timeout=PAGE_READY_MS
    )
    assert voila_server.key not in page.url and voila_server.key not in page.content()


@pytest.mark.browser
def test_a_sign_in_link_clicked_from_another_page_still_opens_the_hub(voila_server, new_page):
    """As from a chat or a mail: the navigation is not the browser's own, yet the Strict
    cookie set by the sign-in reaches the hub (the sign-in page moves on by itself)."""
    page = new_page()
    page.evaluate("url => { window.location.href = url; }", voila_server.sign_in_url())
    page.wait_for_selector(".wk-create-session", timeout=PAGE_READY_MS)
    assert page.url == f"{voila_server.base_url}/voila/render/00_start_here.ipynb"


def test_a_sign_in_link_works_once_and_only_the_key_can_make_one(voila_server):
    import http.cookiejar

    link = voila_server.sign_in_url()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(link, timeout=30) as reply:  # signed in, then on to the hub by itself
        assert 'content="0;url=/voila/render/00_start_here.ipynb"' in reply.read().decode()
    with opener.open(f"{voila_server.base_url}/voila/render/00_start_here.ipynb", timeout=180):
        pass  # the cookie opens the hub (a 403 would raise)
    with pytest.raises(urllib.error.HTTPError) as used:
        urllib.request.urlopen(link, timeout=10)
    assert used.value.code == 403
    forged = urllib.request.Request(
        f"{voila_server.base_url}/wk/api/sign-in-link",
        data=json.dumps({"key": "not-the-key"}).encode(),
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(forged, timeout=10)
    assert refused.value.code == 403


def test_every_page_asks_browsers_to_send_no_referrer(voila_server):
    for url in (voila_server.base_url + "/join/ABCDEF", voila_server.url("participant.ipynb")):
        request = urllib.request.Request(url, method="GET")
        opener = urllib.request.build_opener(NoRedirect)
        try:
            reply = opener.open(request, timeout=180)
        except urllib.error.HTTPError as redirect:
            reply = redirect
        assert reply.headers.get("Referrer-Policy") == "no-referrer", url


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


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
  // From the page itself: its own kernel, its own secret (a cookie the browser sends), and the
  // v1 kernel websocket protocol, the only one the server speaks.
  const url = `ws://${location.host}/api/kernels/${kernelId}/channels?session_id=probe`;
  const socket = new WebSocket(url, ["v1.kernel.websocket.jupyter.org"]);
  socket.binaryType = "arraybuffer";
  const seen = [];
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  const word = (view, index) => Number(view.getBigUint64(8 * index, true));
  socket.onmessage = (event) => {
    try {
      const view = new DataView(event.data);
      const start = word(view, 2), end = word(view, 3);
      const header = new TextDecoder().decode(new Uint8Array(event.data, start, end - start));
      seen.push(JSON.parse(header).msg_type);
    } catch (error) { seen.push("?"); }
  };
  const frame = (channel, parts) => {
    const encoded = [channel, ...parts].map((part) => new TextEncoder().encode(part));
    const offsets = [8 * (encoded.length + 2)];
    for (const part of encoded) offsets.push(offsets[offsets.length - 1] + part.length);
    const bytes = new Uint8Array(offsets[offsets.length - 1]);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt(offsets.length), true);
    offsets.forEach((offset, index) => view.setBigUint64(8 * (index + 1), BigInt(offset), true));
    encoded.forEach((part, index) => bytes.set(part, offsets[index]));
    return bytes;
  };
  const message = (type, content) => frame("shell", [
    JSON.stringify({ msg_id: String(Math.random()), username: "probe", session: "probe",
                     msg_type: type, version: "5.3", date: new Date().toISOString() }),
    "{}", "{}", JSON.stringify(content),
  ]);
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


def test_a_key_in_an_address_is_believed_only_by_a_server_configured_with_its_hash():
    assert facilitator_from_query("key=k", hash_key("k")) == Facilitator(key_hash=hash_key("k"))
    assert facilitator_from_query("key=k", None) is None  # no hash (workshop-kit serve): nobody


def test_a_participant_kernel_holds_no_facilitator_credential(voila_server):
    with urllib.request.urlopen(voila_server.url("participant.ipynb"), timeout=180) as reply:
        html = reply.read().decode()
    config = json.loads(html.split('id="jupyter-config-data"', 1)[1].split(">", 1)[1].split("<")[0])
    environ = Path(f"/proc/{voila_server.kernel_pid(config['kernelId'])}/environ").read_bytes()
    assert voila_server.key.encode() not in environ
    assert hash_key(voila_server.key).encode() not in environ


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
    before = len(voila_server.log())  # the shared server's log: other tests' refusals are theirs
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
    assert "403 POST /voila/api/shutdown" not in voila_server.log()[before:]
