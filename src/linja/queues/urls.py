from django.urls import path

from linja.queues import views

urlpatterns = [
    path("", views.queue_list, name="queues"),
    path("<slug:code>/", views.queue_detail, name="queue"),
    path("<slug:code>/hours/", views.set_hours, name="queue-hours"),
    path("<slug:code>/closures/daily/", views.add_daily, name="queue-daily-add"),
    path(
        "<slug:code>/closures/daily/<int:pk>/remove/",
        views.remove_daily,
        name="queue-daily-remove",
    ),
    path("<slug:code>/closures/planned/", views.add_planned, name="queue-planned-add"),
    path(
        "<slug:code>/closures/planned/<int:pk>/remove/",
        views.remove_planned,
        name="queue-planned-remove",
    ),
    path("<slug:code>/members/", views.set_member, name="queue-member-set"),
    path(
        "<slug:code>/members/<int:person>/remove/",
        views.remove_member,
        name="queue-member-remove",
    ),
]
