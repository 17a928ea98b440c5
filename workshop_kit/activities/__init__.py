"""The activities: one folder each, found automatically (see :mod:`workshop_kit.core.activity`)."""
