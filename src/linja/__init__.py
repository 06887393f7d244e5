"""Linja: an open-source contact centre for Norwegian public services."""

__version__ = "0.1.0"
