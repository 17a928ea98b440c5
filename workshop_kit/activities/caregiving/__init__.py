"""Caregiver load: unpaid caregivers, their hours and what that care is worth; deaths that
need palliative care and the people bereaved, each with its range and assumptions.

The estimate works from the community profile and published rates (``data/reference``);
participants may add their own caregiving hours, anonymously.
"""

from workshop_kit.core.activity import ActivityInfo

ACTIVITY = ActivityInfo(
    id="caregiving",
    title_key="caregiving.activity",
    order=40,
    form="form:caregiving_form",
    live="live:CaregivingResults",
    page="03_caregiver_load.ipynb",
    report="report:report_section",
)
