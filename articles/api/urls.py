# Article upload and status endpoints (issue 6) are added here.
urlpatterns = []
