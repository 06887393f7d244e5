from django.urls import path

from linja.api import views

urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<slug:key>/revoke/", views.revoke, name="token-revoke"),
]
