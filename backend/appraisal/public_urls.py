"""The public IKM pages, mounted at /ikm/ without login (the poster asks for one itself)."""

from django.urls import path

from backend.appraisal import public_views

urlpatterns = [
    path("<slug:token>/", public_views.ikm_form, name="ikm-form"),
    path("<slug:token>/thanks/", public_views.ikm_thanks, name="ikm-thanks"),
    path("<slug:token>/poster/", public_views.ikm_poster, name="ikm-poster"),
]
