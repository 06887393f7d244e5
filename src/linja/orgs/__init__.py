"""Organisations, their units, shared centres, people and their roles (DESIGN.md §5)."""
