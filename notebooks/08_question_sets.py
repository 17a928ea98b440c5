# %% [markdown]
# # Question sets · Jeux de questions
#
# The results of the session's question sets, and the written answers to approve before the room sees them.
#
# Les résultats des jeux de questions de la séance, et les réponses écrites à approuver avant que la salle les voie.
#
# Facilitator notes · notes d'animation: `notes/08_question_sets.en.md`, `notes/08_question_sets.fr.md` (shown to the facilitator only · montrées à l'animation seulement). This cell is never served · cette cellule n'est jamais affichée.

# %%
# Imported while the page is pre-heated, before the facilitator opens it.
from workshop_kit.activities.questions.page import show

# %% tags=["waits-for-visitor"]
show()
