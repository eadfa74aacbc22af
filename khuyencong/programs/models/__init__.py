from .caps import CapException, ProvincialSupportCap
from .plans import Document, Plan, Programme
from .projects import Payment, Project, ProjectVersion, StatusChange, StopRequest
from .reference import ContentCategory, SupportCap

__all__ = [
    "CapException",
    "ProvincialSupportCap",
    "ContentCategory",
    "Document",
    "Payment",
    "Plan",
    "Programme",
    "Project",
    "ProjectVersion",
    "StatusChange",
    "StopRequest",
    "SupportCap",
]
