# %% [markdown]
# # Compassionate City Charter · Charte des villes compatissantes
#
# The facilitator's page of the Charter self-assessment: the room's view of each commitment, where people disagree, the notes to review, the action list and exports.
#
# La page d'animation de l'autoévaluation de la Charte : l'avis de la salle sur chaque engagement, les désaccords, les notes à relire, la liste d'actions et les exportations.
#
# Facilitator notes · notes d'animation: `notes/05_charter.en.md`, `notes/05_charter.fr.md` (shown to the facilitator only · montrées à l'animation seulement). This cell is never served · cette cellule n'est jamais affichée.

# %%
# Imported while the page is pre-heated, before the facilitator opens it.
from workshop_kit.activities.charter.page import show

# %% tags=["waits-for-visitor"]
show()
