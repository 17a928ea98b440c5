""" "Someone else will use this phone": how a shared phone or tablet passes to the next person.

Without it, a device remembers its anonymous participant id and skips consent on the next
visit, so the next person on a shared tablet would silently answer as the first one. This
part of the participant page offers the hand-over: first a quiet button (on screens with
nothing to answer, and once the person's answer is saved), then a plain question with two
answers. The facilitator can make every phone ask the question at once; nobody is signed out.

Only ipywidgets here: the participant page stays light.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workshop_kit.core.widgets import MessageArea, escape, guarded
from workshop_kit.i18n import Translator

HANDOVER_CSS = """
<style>
.wk-handover-question { background: #eef3fb; border-left: 4px solid #1f3b70;
  padding: 8px 12px; margin: 8px 0; }
.wk-handover-asked { background: #fff4d6; border-left-color: #E69F00; }
.wk-handover-question h3 { margin: 0 0 4px 0; }
</style>
"""


class HandoverOffer(widgets.VBox):
    """Hidden, offered (one button) or asking (the question, "yes" and "no").

    ``on_hand_over`` starts a new participant; ``on_settled`` runs when the question is
    answered "no" (the page puts the offer back in its quiet place).
    """

    def __init__(
        self,
        t: Translator,
        on_hand_over: Callable[[], None],
        on_settled: Callable[[], None],
        messages: MessageArea,
    ) -> None:
        self.t = t
        self.on_hand_over = on_hand_over
        self.on_settled = on_settled
        self.state = "hidden"
        self.by_facilitator = False
        self.offer_button = widgets.Button(
            description=t("participant.handover.offer"), layout=widgets.Layout(width="auto")
        )
        self.offer_button.add_class("wk-handover")
        self.offer_button.on_click(guarded(lambda _b: self.ask(), messages, t))
        self.question = widgets.HTML()
        self.yes = widgets.Button(
            description=t("participant.handover.yes"),
            button_style="warning",
            layout=widgets.Layout(width="auto"),
        )
        self.yes.add_class("wk-handover-yes")
        self.yes.on_click(guarded(lambda _b: self.on_hand_over(), messages, t))
        self.no = widgets.Button(
            description=t("participant.handover.no"), layout=widgets.Layout(width="auto")
        )
        self.no.add_class("wk-handover-no")
        self.no.on_click(guarded(lambda _b: self.settle(), messages, t))
        for button in (self.yes, self.no):
            button.layout.margin = "4px 8px 4px 0"
        self.choices = widgets.HBox(
            [self.yes, self.no], layout=widgets.Layout(flex_flow="row wrap")
        )
        self.question_box = widgets.VBox([self.question, self.choices])
        self.question_box.add_class("wk-handover-question")
        super().__init__([], layout=widgets.Layout(margin="12px 0 0 0"))
        self.add_class("wk-handover-offer")

    def hide(self) -> None:
        self.state = "hidden"
        self.by_facilitator = False
        self.question_box.remove_class("wk-handover-asked")
        self.children = []

    def offer(self) -> None:
        """Show the quiet button (an open question stays open)."""
        if self.state == "asking":
            return
        self.state = "offered"
        self.children = [widgets.HTML(HANDOVER_CSS), self.offer_button]

    def ask(self, by_facilitator: bool = False) -> None:
        """Show the question; ``by_facilitator`` says who asks and makes it stand out."""
        t = self.t
        self.state = "asking"
        self.by_facilitator = self.by_facilitator or by_facilitator
        heading = t(
            "participant.handover.facilitator_asks"
            if self.by_facilitator
            else "participant.handover.question"
        )
        self.question.value = (
            f'<h3 role="status">{escape(heading)}</h3>'
            f"<p>{escape(t('participant.handover.explain'))}</p>"
        )
        if self.by_facilitator:
            self.question_box.add_class("wk-handover-asked")
        self.children = [widgets.HTML(HANDOVER_CSS), self.question_box]

    def settle(self) -> None:
        """ "No, it's still me": back to the quiet button."""
        self.state = "offered"
        self.by_facilitator = False
        self.question_box.remove_class("wk-handover-asked")
        self.offer()
        self.on_settled()
