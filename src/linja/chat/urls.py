from django.urls import path

from linja.chat import views

urlpatterns = [
    path("", views.services, name="chat-services"),
    path("widget.js", views.widget, name="chat-widget"),
    path("c/<str:secret>/", views.chat, name="chat"),
    path("c/<str:secret>/say/", views.say, name="chat-say"),
    path("c/<str:secret>/leave/", views.leave, name="chat-leave"),
    path("<slug:menu>/", views.start, name="chat-start"),
]
