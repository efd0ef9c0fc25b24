from django.urls import path

from backend.audit import views

urlpatterns = [
    path("", views.history_page, name="audit-history"),
]
