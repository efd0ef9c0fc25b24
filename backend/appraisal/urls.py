from django.urls import path

from backend.appraisal import views

urlpatterns = [
    path("me/", views.my_performance, name="my-performance"),
    path("team/", views.team, name="appraisal-team"),
    path("employees/<int:pk>/", views.employee_appraisal, name="employee-appraisal"),
    path("overview/", views.overview, name="appraisal-overview"),
    path("ikm/", views.ikm_surveys, name="ikm-surveys"),
    path("periods/", views.periods, name="appraisal-periods"),
    path("scores/<int:pk>/evidence/", views.score_evidence, name="score-evidence"),
    path("scores/<int:pk>/evidence/file/", views.score_evidence_file, name="score-evidence-file"),
    path("employees/<int:pk>/follow-ups/", views.follow_up_add, name="follow-up-add"),
    path("follow-ups/<int:pk>/status/", views.follow_up_status, name="follow-up-status"),
]
