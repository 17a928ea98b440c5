# %%
# The participant app (what the QR code opens). Participants see only the app: no text
# belongs in this notebook. Imported while the page is pre-heated, before anyone asks for it.
from workshop_kit.apps import participant

# %% tags=["waits-for-visitor"]
participant.show()
