"""URL patterns of the dashboards (included by reports/urls.py)."""

urlpatterns = []
