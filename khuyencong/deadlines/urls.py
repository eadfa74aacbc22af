from django.urls import path

from . import views

app_name = "deadlines"

urlpatterns = [
    path("", views.DueListView.as_view(), name="list"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
]
