# %% [markdown]
# # Community needs assessment · Évaluation des besoins de la communauté
#
# The facilitator's page of the needs assessment: ranked unmet needs, breakdowns, written answers, imports and exports.
#
# La page d'animation de l'évaluation des besoins : le classement des besoins non comblés, les répartitions, les réponses écrites, les importations et les exportations.
#
# Facilitator notes · notes d'animation: `notes/01_needs_assessment.en.md`, `notes/01_needs_assessment.fr.md` (shown to the facilitator only · montrées à l'animation seulement). This cell is never served · cette cellule n'est jamais affichée.

# %%
# Imported while the page is pre-heated, before the facilitator opens it.
from workshop_kit.activities.needs.page import show

# %% tags=["waits-for-visitor"]
show()
