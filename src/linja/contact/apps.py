from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "linja.contact"
    label = "contact"
    verbose_name = _("Contacts")

    def ready(self) -> None:
        from linja.contact import follow

        follow.connect()  # the router follows changes of queue configuration
