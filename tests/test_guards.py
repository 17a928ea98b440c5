"""The pieces that keep kernels to their own pages, checked without a server (cheap).

The same attacks against a real server are in ``tests/test_attacks.py``.
"""

from __future__ import annotations

import json
import logging
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_kit.auth import (
    FACILITATOR_PAGE_VARIABLE,
    KEY_FILE_NAME,
    facilitator_of_served_page,
    hash_key,
    write_key,
)
from workshop_kit.serving.frames import client_frame_problem, v1_frame, v1_header, v1_offsets
from workshop_kit.serving.logs import HideKernelIds
from workshop_kit.serving.ownership import KernelOwners
from workshop_kit.serving.signin import FacilitatorSignIn

HEADER = json.dumps({"msg_type": "comm_msg", "msg_id": "1"}).encode()
PARTS = [HEADER, b"{}", b"{}", b"{}"]


def test_a_well_formed_frame_passes_and_its_header_reads():
    frame = v1_frame("shell", PARTS)
    assert client_frame_problem(frame) is None
    assert v1_header(frame) == {"msg_type": "comm_msg", "msg_id": "1"}


@pytest.mark.parametrize(
    "frame",
    [
        (2**62).to_bytes(8, "little") + bytes(8),  # the freeze of finding 1 (b)
        (2**62).to_bytes(8, "little"),
        b"\x00\x00\x00\x02" + bytes(12),  # a legacy header read as v1 (finding 1 (a))
        b"",
        "a text frame",
    ],
)
def test_counts_the_frame_cannot_hold_are_refused_before_any_loop(frame):
    started = time.process_time()
    assert client_frame_problem(frame) is not None
    if isinstance(frame, bytes):
        assert v1_header(frame) is None
    assert time.process_time() - started < 1  # nothing looped over the count


def test_offsets_out_of_order_or_outside_the_frame_are_refused():
    frame = bytearray(v1_frame("shell", PARTS))
    frame[16:24] = (len(frame) + 1).to_bytes(8, "little")  # the channel's end, past the frame
    assert client_frame_problem(bytes(frame)) is not None
    assert client_frame_problem(v1_frame("shell", PARTS[:2])) == "too few message parts"
    assert client_frame_problem(v1_frame("iopub", PARTS)) == "unknown channel"


@given(st.binary(max_size=512))
def test_no_frame_makes_the_reader_work_more_than_its_length(frame):
    offsets = v1_offsets(frame)
    if offsets is not None:
        assert len(offsets) * 8 < len(frame)
        assert all(0 <= offset <= len(frame) for offset in offsets)
    client_frame_problem(frame)
    v1_header(frame)


def test_a_page_secret_opens_its_own_kernel_only():
    owners = KernelOwners()
    secret = owners.bind("kernel-a", facilitator=False)
    other = owners.bind("kernel-b", facilitator=True)
    assert owners.admits("kernel-a", secret)
    assert not owners.admits("kernel-a", other)
    assert not owners.admits("kernel-a", None)
    assert not owners.admits("kernel-c", secret)
    assert owners.facilitator_page("kernel-b") and not owners.facilitator_page("kernel-a")
    owners.forget("kernel-a")
    assert not owners.admits("kernel-a", secret)


def test_a_kernel_registers_once_with_its_own_secret():
    owners = KernelOwners()
    owners.expect_kernel("kernel-a", "its-secret")
    assert not owners.kernel_connects("kernel-a", "a-guess")
    assert not owners.kernel_connects("kernel-a", None)
    assert owners.kernel_connects("kernel-a", "its-secret")
    assert not owners.kernel_connects("kernel-a", "its-secret")  # once


def test_the_request_a_kernel_reads_carries_no_credential():
    owners = KernelOwners()
    owners.bind("hub", facilitator=True)
    owners.bind("phone", facilitator=False)
    assert owners.request_extras("hub") == {FACILITATOR_PAGE_VARIABLE: "1"}
    assert owners.request_extras("phone") == {FACILITATOR_PAGE_VARIABLE: "0"}


def test_a_facilitator_kernel_reads_the_key_from_the_data_folder_only_when_told(tmp_path):
    write_key(tmp_path, "the-key")
    told = facilitator_of_served_page({FACILITATOR_PAGE_VARIABLE: "1"}, tmp_path)
    assert told is not None and told[0].key_hash == hash_key("the-key") and told[1] == "the-key"
    assert facilitator_of_served_page({FACILITATOR_PAGE_VARIABLE: "0"}, tmp_path) is None
    assert facilitator_of_served_page({"QUERY_STRING": "key=the-key"}, tmp_path) is None
    (tmp_path / KEY_FILE_NAME).unlink()
    assert facilitator_of_served_page({FACILITATOR_PAGE_VARIABLE: "1"}, tmp_path) is None


def test_the_sign_in_cookie_works_only_from_the_address_it_was_issued_to():
    state = FacilitatorSignIn("the-key")
    cookie = state.cookie_value("192.168.1.20")
    assert state.cookie_proves_facilitator(cookie, "192.168.1.20")
    assert not state.cookie_proves_facilitator(cookie, "192.168.1.21")
    assert not state.cookie_proves_facilitator(state.key_hash, "192.168.1.20")  # old format
    assert not FacilitatorSignIn("new-key").cookie_proves_facilitator(cookie, "192.168.1.20")


def test_kernel_ids_are_hidden_at_info_and_kept_at_debug():
    kernel_id = "64241718-37b6-42ba-86ef-311b94bc4998"
    hider = HideKernelIds()
    for level, shown in ((logging.INFO, False), (logging.WARNING, False), (logging.DEBUG, True)):
        record = logging.LogRecord(
            "x", level, __file__, 1, "Kernel started: %s", (kernel_id,), None
        )
        assert hider.filter(record)
        assert (kernel_id in record.getMessage()) is shown


def test_every_route_to_a_kernel_is_guarded_and_the_listings_are_gone():
    from jupyter_server.services.kernels.handlers import KernelHandler
    from voila.tornado.contentshandler import VoilaContentsHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    from workshop_kit.serving.guards import GuardedKernelHandler, guarded_routes

    kernel_route = r"/api/kernels/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"
    routes = guarded_routes(
        [
            (kernel_route, KernelHandler),
            ("/voila/tree(.*)", TornadoVoilaTreeHandler, {}),
            ("/voila/api/contents(.*)", VoilaContentsHandler, {}),
        ]
    )
    assert routes == [(kernel_route, GuardedKernelHandler)]
    with pytest.raises(RuntimeError, match="unguarded route"):
        guarded_routes([(r"/voila/new/(?P<kernel_id>\w+)", object)])
