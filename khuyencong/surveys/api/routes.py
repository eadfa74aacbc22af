def register(router):
    """Register this app's viewsets on the /api/v1/ router."""
    from .views import CollaboratorViewSet, SurveyAssignmentViewSet, SurveyFormViewSet, SurveyResponseViewSet

    router.register("surveys/collaborators", CollaboratorViewSet, basename="collaborator")
    router.register("surveys/assignments", SurveyAssignmentViewSet, basename="survey-assignment")
    router.register("surveys/forms", SurveyFormViewSet, basename="survey-form")
    router.register("surveys/responses", SurveyResponseViewSet, basename="survey-response")
