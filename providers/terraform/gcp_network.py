"""Google VPC networks, subnetworks and snapshot schedules in a plan, through the live
mappers (``providers.gcp.network.to_network`` / ``to_subnet``, ``compute.to_backup_plan``).

Attributes and defaults (registry.terraform.io/providers/hashicorp/google/latest/docs/
resources/<type>):

* ``compute_network``: ``auto_create_subnetworks`` defaults to true (auto mode: a subnet
  per region, created without flow logs). Terraform cannot create a legacy network.
  Flow logs are on when every workload subnet has them (as the live scan decides): for a
  network the plan creates, its subnets are the plan's ``google_compute_subnetwork``
  (``network`` referring to it, or naming it); an existing network may have subnets
  outside the plan, so only a planned subnet without flow logs decides (FAIL), else
  UNKNOWN. DNS query logging comes from a ``google_dns_policy`` of the plan with
  ``enable_logging`` whose ``networks[].network_url`` refers to the network (a network
  has at most one server policy; "Defaults to no logging if not set").
* ``compute_subnetwork``: a ``log_config`` block turns VPC flow logs on (the block has no
  ``enable``; v4's ``enable_flow_logs`` too); ``private_ip_google_access`` is the API's
  ``privateIpGoogleAccess`` (false unless set); ``purpose`` defaults to PRIVATE (proxy-only
  subnets are exempt from flow logs).
* ``compute_resource_policy``: ``snapshot_schedule_policy.schedule`` (hourly/daily/weekly)
  and ``retention_policy.max_retention_days`` (without it snapshots are kept).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from providers.terraform.common import collector, first
from providers.terraform.gcp_base import fields, names, nested_references, record, refers
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, opaque_resource
from scanner.model import BackupPlan, Network, Subnet
from scanner.provider import Collector, Item

_SUBNETS = ("google_compute_subnetwork",)
_DNS_POLICIES = ("google_dns_policy",)
_PROXY = {"REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY", "INTERNAL_HTTPS_LOAD_BALANCER"}


def subnet_body(values: Any) -> dict[str, Any]:
    """``google_compute_subnetwork`` attributes -> a compute#subnetwork body."""
    return {
        "network": str(values.get("network") or ""),
        "ipCidrRange": str(values.get("ip_cidr_range") or ""),
        "purpose": values.get("purpose") or "PRIVATE",
        "logConfig": {"enable": bool(values.get("log_config"))},
        "enableFlowLogs": bool(values.get("enable_flow_logs")),
        "privateIpGoogleAccess": bool(values.get("private_ip_google_access")),
    }


def plan_subnet(subnet: Planned, session: TerraformSession) -> Item:
    """``google_compute_subnetwork`` -> Subnet."""
    from providers.gcp.network import to_subnet  # noqa: PLC0415 - Google SDK

    body = subnet_body(subnet.values)
    model = to_subnet(
        record(subnet, "compute.googleapis.com/Subnetwork", body),
        fields(subnet, session, "compute"),
    )
    update: dict[str, Any] = {}
    for attribute, field in (("log_config", "flow_logs_enabled"),
                             ("private_ip_google_access", "private_api_access")):  # fmt: skip
        if subnet.configured(attribute) and subnet.wholly_unknown(attribute):
            update[field] = None
            session.note_unknown(subnet, [f"{subnet.address}.{attribute}"])
    return model.model_copy(update=update) if update else model


def _flow_logs(network: Planned, session: TerraformSession, auto: bool) -> bool | None:
    """Every workload subnet of the network logs flows (None: not knowable from the plan)."""
    if auto:  # auto-mode subnets are created without flow logs
        return False if network.created else None
    flags = [
        bool(s.values.get("log_config") or s.values.get("enable_flow_logs"))
        for s in session.joined(network, _SUBNETS, "network")
        if str(s.values.get("purpose") or "PRIVATE").upper() not in _PROXY
    ]
    if not all(flags):
        return False
    return True if network.created else None


def _dns_logging(network: Planned, session: TerraformSession) -> bool | None:
    """A DNS server policy of the plan that binds the network logs queries."""
    for policy in session.all_of(*_DNS_POLICIES):
        refs = nested_references(policy.expressions.get("networks"), "network_url")
        urls = [n.get("network_url") for n in policy.values.get("networks") or ()]
        if refers(policy, refs, network) or any(names(network, u) for u in urls):
            return bool(policy.values.get("enable_logging"))
    return False if network.created else None


def plan_network(network: Planned, session: TerraformSession) -> Item:
    """``google_compute_network`` (+ its planned subnets and DNS policy) -> Network."""
    from providers.gcp.network import to_network  # noqa: PLC0415 - Google SDK

    values = network.values
    auto = values.get("auto_create_subnetworks")
    auto = True if auto is None else bool(auto)
    base = fields(network, session, "compute")
    model = to_network(
        record(network, "compute.googleapis.com/Network", {"autoCreateSubnetworks": auto}),
        {**base, "name": str(values.get("name") or network.address)},
    )
    flow = _flow_logs(network, session, auto)
    dns = _dns_logging(network, session)
    unknown = []
    if flow is None:
        unknown.append(f"{network.address}: subnets outside the plan")
    if dns is None:
        unknown.append(f"{network.address}: DNS server policy outside the plan")
    session.note_unknown(network, unknown)
    return model.model_copy(
        update={"name": network.address, "flow_logs_enabled": flow, "dns_logging": dns}
    )


def plan_snapshot_schedule(policy: Planned, session: TerraformSession) -> Item:
    """``google_compute_resource_policy`` with a snapshot schedule -> BackupPlan."""
    from providers.gcp.compute import to_backup_plan  # noqa: PLC0415 - Google SDK

    schedule_policy = first(policy.values.get("snapshot_schedule_policy"))
    schedule = first(schedule_policy.get("schedule"))
    kinds = {"hourly_schedule": "hourlySchedule", "daily_schedule": "dailySchedule",
             "weekly_schedule": "weeklySchedule"}  # fmt: skip
    retention = first(schedule_policy.get("retention_policy")).get("max_retention_days")
    body = {
        "snapshotSchedulePolicy": {
            "schedule": {api: {} for tf, api in kinds.items() if schedule.get(tf)},
            "retentionPolicy": {} if retention is None else {"maxRetentionDays": retention},
        }
    }
    return to_backup_plan(
        record(policy, "compute.googleapis.com/ResourcePolicy", body),
        fields(policy, session, "compute"),
    )


def collect_snapshot_schedules(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``google_compute_resource_policy`` with a snapshot schedule."""
    for policy in session.judged("google_compute_resource_policy"):
        if policy.opaque:
            yield opaque_resource("gcp", policy, "BackupPlan")
        elif policy.values.get("snapshot_schedule_policy"):
            yield plan_snapshot_schedule(policy, session)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("gcp", Network, ("google_compute_network",), plan_network, name="plan_vpc_networks",
              joins=[(_SUBNETS, "network")]),
    collector("gcp", Subnet, _SUBNETS, plan_subnet, name="plan_subnetworks"),
    Collector(BackupPlan, collect_snapshot_schedules, permissions=(), scope="global",
              name="plan_snapshot_schedules"),
)  # fmt: skip
