from rest_framework.routers import SimpleRouter

from backend.appraisal.api import views

router = SimpleRouter()
router.register("periods", views.PeriodViewSet, basename="period")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("scores", views.ScoreViewSet, basename="score")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")
router.register("gaps", views.GapViewSet, basename="gap")
router.register("ikm-surveys", views.IkmSurveyViewSet, basename="ikm-survey")
router.register("follow-ups", views.FollowUpViewSet, basename="follow-up")

urlpatterns = []
