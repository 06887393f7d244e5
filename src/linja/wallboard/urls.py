from django.urls import path

from linja.wallboard import views

urlpatterns = [
    path("", views.wallboard, name="wallboard"),
    path("agents/<int:pk>/pause/", views.pause_agent, name="wallboard-pause"),
    path("agents/<int:pk>/logout/", views.log_out_agent, name="wallboard-logout"),
    path("queues/<slug:code>/<slug:how>/", views.set_queue, name="wallboard-queue"),
]
