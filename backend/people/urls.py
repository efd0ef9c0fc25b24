from django.urls import path

from backend.people import views

urlpatterns = [
    path("", views.home, name="home"),
    path("employees/", views.employee_index, name="employee-list"),
    path("employees/new/", views.employee_create_page, name="employee-create"),
    path("employees/<int:pk>/", views.employee_detail, name="employee-detail"),
    path("employees/<int:pk>/edit/", views.employee_update_page, name="employee-update"),
    path("units/", views.org_unit_index, name="org-unit-list"),
]
