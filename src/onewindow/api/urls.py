from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from onewindow.api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("v1/calendar/due-date", views.DueDateView.as_view(), name="calendar-due-date"),
    path("v1/accounts/register", views.RegisterView.as_view(), name="accounts-register"),
    path("v1/services/", views.ServiceListView.as_view(), name="services"),
    path("v1/services/<str:code>/", views.ServiceDetailView.as_view(), name="service-detail"),
    path("v1/accounts/me", views.MeView.as_view(), name="accounts-me"),
]
