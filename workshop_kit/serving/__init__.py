"""Serving the workshop: standalone Voilà with the kit's configuration and two fixes."""
