"""No kernel id in the terminal at INFO level.

Voilà, jupyter_server and Tornado's access log print kernel ids as they work ("Kernel started:
<id>", "Connecting to kernel <id>", every ``/api/kernels/<id>/channels`` request), and the
terminal may be on the projector (issue 17, finding 2). Ids no longer open anything
(:mod:`workshop_kit.serving.guards`), but they are not shown either: at INFO level and above
the server's log lines say ``<kernel>`` instead. DEBUG lines, for someone chasing a problem on
their own laptop, keep them.
"""

from __future__ import annotations

import logging
import re

KERNEL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
#: Loggers whose records reach the terminal without passing the application's own handler.
TORNADO_LOGGERS = ("tornado.access", "tornado.application", "tornado.general")


class HideKernelIds(logging.Filter):
    """Replace kernel ids in a record's message (INFO and above) with ``<kernel>``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG:
            message = record.getMessage()
            if KERNEL_ID.search(message):
                record.msg, record.args = KERNEL_ID.sub("<kernel>", message), None
        return True


def hide_kernel_ids(app_log: logging.Logger) -> None:
    """Filter every handler that can print a server record: the application's, the root
    logger's, and Tornado's loggers themselves (for records they log directly)."""
    hider = HideKernelIds()
    for logger in (app_log, logging.getLogger()):
        for handler in logger.handlers:
            if not any(isinstance(known, HideKernelIds) for known in handler.filters):
                handler.addFilter(hider)
    for name in TORNADO_LOGGERS:
        logging.getLogger(name).addFilter(hider)
    app_log.addFilter(hider)
