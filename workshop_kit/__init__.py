"""Compassionate Communities Workshop Kit.

Helpers shared by the workshop notebooks: the community profile, the live-session store,
translations, pure models and the ipywidgets apps served through Voilà.
"""

__version__ = "0.1.0"
