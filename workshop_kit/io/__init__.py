"""Reading files people bring to a workshop: survey exports, inventories, spreadsheets.

:mod:`workshop_kit.io.tables` turns bytes (an upload, a file on disk) into a table of text
cells, whatever the spreadsheet program, encoding or delimiter, and explains every refusal
in the reader's language. Activity modules (:mod:`workshop_kit.io.needs`, …) then map and
validate the columns they need. Nothing here touches the store or widgets.
"""

from workshop_kit.io.tables import DEFAULT_MAX_BYTES, Problem, TableError, read_table

__all__ = ["DEFAULT_MAX_BYTES", "Problem", "TableError", "read_table"]
