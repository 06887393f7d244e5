from django.urls import path

from linja.desk import views

urlpatterns = [
    path("", views.desk, name="desk"),
    path("login/", views.log_in, name="desk-login"),
    path("ready/", views.ready, name="desk-ready"),
    path("pause/", views.pause, name="desk-pause"),
    path("logout/", views.log_out, name="desk-logout"),
    path("contacts/<str:key>/<slug:action>/", views.contact_action, name="desk-contact"),
]
