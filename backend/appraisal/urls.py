from django.urls import path

from backend.appraisal import views

urlpatterns = [
    path("me/", views.my_performance, name="my-performance"),
    path("team/", views.team, name="appraisal-team"),
    path("employees/<int:pk>/", views.employee_appraisal, name="employee-appraisal"),
    path("overview/", views.overview, name="appraisal-overview"),
    path("ikm/", views.ikm_surveys, name="ikm-surveys"),
]
