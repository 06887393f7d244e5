"""The Django admin ("Administrasjon") on Linja's own admin site (:mod:`linja.site.admin`)."""

from __future__ import annotations

from django.contrib.admin import apps as admin_apps


class AdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with :class:`linja.site.admin.Site` as ``admin.site``."""

    default = False  # not the configuration of the linja.site app itself
    default_site = "linja.site.admin.Site"

    def ready(self) -> None:
        super().ready()  # finds every app's admin.py
        from auditlog.models import LogEntry
        from django.contrib import admin

        # the audit log has its own page, /audit/, which shows each administrator the
        # entries of their own organisations; django-auditlog's admin page would not
        if admin.site.is_registered(LogEntry):
            admin.site.unregister(LogEntry)
