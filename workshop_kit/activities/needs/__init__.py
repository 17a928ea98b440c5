"""Community needs assessment: what would help most, and where.

Participants rate how important each need is and how well it is met today; the facilitator
sees the ranked unmet needs (importance × gap), breakdowns by group and area, and themes in
the free text once approved. Survey exports (KoboToolbox, Google Forms, a spreadsheet) import
into a session or work on their own.
"""

from workshop_kit.core.activity import ActivityInfo

ACTIVITY = ActivityInfo(
    id="needs",
    title_key="needs.title",
    order=20,
    form="form:needs_form",
    live="live:NeedsResults",
    page="01_needs_assessment.ipynb",
    report="report:report_section",
    provides={"need_scores": "model:disclosed_need_scores"},
)
