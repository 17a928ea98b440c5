# %% [markdown]
# # Community of Practice · Communauté de pratique
#
# The facilitator's page of the Community of Practice: each gathering's value, attendance and stories, the year's value matrix, the planner and the register of members.
#
# La page d'animation de la communauté de pratique : la valeur, les présences et les récits de chaque rencontre, la matrice de valeur de l'année, la planification et le registre des membres.
#
# Facilitator notes · notes d'animation: `notes/06_community_of_practice.en.md`, `notes/06_community_of_practice.fr.md` (shown to the facilitator only · montrées à l'animation seulement). This cell is never served · cette cellule n'est jamais affichée.

# %%
# Imported while the page is pre-heated, before the facilitator opens it.
from workshop_kit.activities.practice.page import show

# %% tags=["waits-for-visitor"]
show()
