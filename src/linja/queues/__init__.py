"""Queues, calendars, messages, phone menus and queue memberships (the routing configuration)."""
