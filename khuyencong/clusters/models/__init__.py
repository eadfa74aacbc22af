"""Industrial clusters (CCN): catalogue, dated decisions, investors, land, infrastructure and tenants."""

from .clusters import Cluster, ClusterDecision, ClusterInvestorAssignment
from .operations import InfrastructureItem, LandRecord, TenantProject, TenantReport

__all__ = [
    "Cluster",
    "ClusterDecision",
    "ClusterInvestorAssignment",
    "InfrastructureItem",
    "LandRecord",
    "TenantProject",
    "TenantReport",
]
