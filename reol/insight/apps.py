from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "reol.insight"
    verbose_name = "Insight"
