"""Matplotlib figure builders: data in, ``Figure`` out, one accessible style.

Builders use :class:`matplotlib.figure.Figure` directly (never pyplot), so figures are not
kept in a global registry and a long-running kernel does not leak memory.
"""
