# Quote, speaker and edit endpoints (issue 5/7) are added here.
urlpatterns = []
