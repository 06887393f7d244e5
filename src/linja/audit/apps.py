from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "linja.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from auditlog.models import LogEntry

        from linja.audit import receivers, registry

        registry.register_models()
        pre_save.connect(receivers.add_via, sender=LogEntry, dispatch_uid="linja-audit-via")
