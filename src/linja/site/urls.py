from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth
from django.urls import include, path

from linja.api.v1 import api
from linja.site import health, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("queues/", include("linja.queues.urls")),
    path("audit/", include("linja.audit.urls")),
    path("desk/", include("linja.desk.urls")),
    path("wallboard/", include("linja.wallboard.urls")),
    path("chat/", include("linja.chat.urls")),
    path("api/v1/", api.urls),
    path("tokens/", include("linja.api.urls")),
    path("login/", auth.LoginView.as_view(template_name="site/login.html"), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
