from django.urls import path

from linja.audit import views

urlpatterns = [
    path("", views.search, name="audit"),
    path("export.csv", views.export, name="audit-export"),
]
