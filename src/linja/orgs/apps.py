from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "linja.orgs"
    label = "orgs"
    verbose_name = "Organisasjonar og personar"
