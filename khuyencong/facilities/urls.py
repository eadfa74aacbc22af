app_name = "facilities"

urlpatterns = []
