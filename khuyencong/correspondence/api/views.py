from khuyencong.api.viewsets import ScopedModelViewSet

from .. import services
from ..filtersets import CorrespondenceFilterSet, CorrespondenceLinkFilterSet
from ..models import LINK_FIELDS, Correspondence, CorrespondenceLink
from .serializers import CorrespondenceLinkSerializer, CorrespondenceSerializer


class CorrespondenceViewSet(ScopedModelViewSet):
    """The correspondence register (incoming and outgoing official documents), including the decisions
    of clusters and đề án, which read through to those records. Filter with ?q=&direction=&kind=&
    date_from=&date_to=&reply=awaiting|overdue&cluster=&project=&inspection=&recommendation=&submission=
    (the same filters as the register page). Entries are not deleted through the API."""

    queryset = Correspondence.objects.for_list().prefetch_related("recipients").order_by("-dated", "-pk")
    serializer_class = CorrespondenceSerializer
    filterset_class = CorrespondenceFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _save(self, serializer):
        data = dict(serializer.validated_data)
        recipients = data.pop("recipients", None)
        instance = serializer.instance or Correspondence()
        for name, value in data.items():
            setattr(instance, name, value)
        services.save_entry(instance, recipients=recipients)
        return Correspondence.objects.for_list().get(pk=instance.pk)

    def perform_create(self, serializer):
        serializer.instance = self.checked_save(lambda: self._save(serializer))

    def perform_update(self, serializer):
        serializer.instance = self.checked_save(lambda: self._save(serializer))


class CorrespondenceLinkViewSet(ScopedModelViewSet):
    """Links from documents to the records they concern (cluster, cluster decision, đề án, promotion
    document, inspection, recommendation, periodic report). Created and removed, never changed."""

    queryset = CorrespondenceLink.objects.select_related("correspondence").order_by("correspondence", "pk")
    serializer_class = CorrespondenceLinkSerializer
    filterset_class = CorrespondenceLinkFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        name = next(name for name in LINK_FIELDS if data.get(name) is not None)
        serializer.instance = self.checked_save(
            lambda: services.add_link(data["correspondence"], note=data.get("note", ""), **{name: data[name]})
        )

    def perform_destroy(self, instance):
        services.remove_link(instance, actor=self.request.user)
