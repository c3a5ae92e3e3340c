# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Edge cases of providers/terraform/aws_network_more.py: near-miss twins, defaults,
joins, and values known after apply.

registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/: vpc_endpoint
(``vpc_endpoint_type`` Gateway by default; ``private_dns_enabled`` false; ``policy``
"defaults to full access"), vpc_endpoint_policy, route_table / default_route_table (inline
``route``), route (``route_table_id``, ``destination_cidr_block``,
``vpc_peering_connection_id``), vpc_peering_connection (``vpc_id``, ``peer_vpc_id``),
vpc_ipv4_cidr_block_association, elb (``access_logs.enabled`` default true,
``cross_zone_load_balancing`` default true, ``connection_draining`` default false),
ssm_document (``permissions`` map: type Share, account_ids), ssm_service_setting,
backup_vault_policy.
"""

from __future__ import annotations

import json

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import verdict_of as _verdict

# fmt: off






ORG = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
                  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}}}]})
FULL = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})
ECR = "com.amazonaws.eu-west-1.ecr.api"


def _endpoint(values: dict, unknown: dict | None = None, expressions: dict | None = None) -> Res:
    return Res("aws_vpc_endpoint", "e", {"vpc_id": "vpc-1", **values}, unknown={"id": True, **(unknown or {})}, expressions=expressions)


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([_endpoint({"service_name": "com.amazonaws.eu-west-1.s3"})], "NET-601", Status.FAIL),  # Gateway: default full access
        ([_endpoint({"service_name": "com.amazonaws.eu-west-1.s3", "policy": ORG})], "NET-601", Status.PASS),
        ([_endpoint({"service_name": ECR, "vpc_endpoint_type": "Interface"})], "NET-601", Status.UNKNOWN),  # the service's default
        ([_endpoint({"service_name": ECR, "vpc_endpoint_type": "Interface", "policy": FULL})], "NET-601", Status.FAIL),
        # an aws_vpc_endpoint_policy joins (and replaces the default)
        ([_endpoint({"service_name": ECR, "vpc_endpoint_type": "Interface"}),
          Res("aws_vpc_endpoint_policy", "p", {"policy": ORG}, unknown={"vpc_endpoint_id": True},
              expressions={"vpc_endpoint_id": ref("aws_vpc_endpoint.e.id"), "policy": {"constant_value": ORG}})], "NET-601", Status.PASS),
        ([_endpoint({"service_name": ECR, "vpc_endpoint_type": "Interface"}),
          Res("aws_vpc_endpoint_policy", "p", {}, unknown={"vpc_endpoint_id": True, "policy": True},
              expressions={"vpc_endpoint_id": ref("aws_vpc_endpoint.e.id"), "policy": ref("data.aws_iam_policy_document.p.json")})], "NET-601", Status.UNKNOWN),
        ([_endpoint({"service_name": ECR, "vpc_endpoint_type": "GatewayLoadBalancer"})], "NET-601", Status.NOT_APPLICABLE),
        # private DNS: off by default on Interface endpoints; Gateway endpoints have none
        ([_endpoint({"service_name": ECR, "vpc_endpoint_type": "Interface"})], "NET-602", Status.FAIL),
        ([_endpoint({"service_name": ECR, "vpc_endpoint_type": "Interface", "private_dns_enabled": True})], "NET-602", Status.PASS),
        ([_endpoint({"service_name": "com.amazonaws.eu-west-1.s3"})], "NET-602", Status.NOT_APPLICABLE),
        ([_endpoint({"service_name": "com.amazonaws.vpce.eu-west-1.vpce-svc-0123", "vpc_endpoint_type": "Interface"})], "NET-602", Status.NOT_APPLICABLE),
    ],
)
def test_endpoint_twins(tmp_path, resources, check, expected):
    status, _ = _verdict(_scan(tmp_path, *resources), "aws_vpc_endpoint.e", check)
    assert status is expected


APP = Res("aws_vpc", "app", {"cidr_block": "10.0.0.0/16"}, unknown={"id": True})
DATA = Res("aws_vpc", "data", {"cidr_block": "10.1.0.0/16"}, unknown={"id": True})
PEERING = Res("aws_vpc_peering_connection", "p", {}, unknown={"id": True, "vpc_id": True, "peer_vpc_id": True},
              expressions={"vpc_id": ref("aws_vpc.app.id"), "peer_vpc_id": ref("aws_vpc.data.id")})
TABLE = Res("aws_route_table", "rt", {}, unknown={"id": True, "vpc_id": True}, expressions={"vpc_id": ref("aws_vpc.app.id")})


def _route(destination: str, peering: str = "aws_vpc_peering_connection.p.id", table: str = "aws_route_table.rt.id") -> Res:
    return Res("aws_route", "r", {"destination_cidr_block": destination}, unknown={"route_table_id": True, "vpc_peering_connection_id": True},
               expressions={"route_table_id": ref(table), "destination_cidr_block": {"constant_value": destination},
                            "vpc_peering_connection_id": ref(peering)})


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([APP, DATA, PEERING, TABLE, _route("10.1.0.0/16")], Status.FAIL),
        ([APP, DATA, PEERING, TABLE, _route("10.0.0.0/8")], Status.FAIL),  # contains the whole peer
        ([APP, DATA, PEERING, TABLE, _route("10.1.2.0/24")], Status.PASS),
        ([APP, DATA, PEERING, TABLE, _route("10.1.0.0/17")], Status.PASS),
        ([APP, DATA, PEERING, TABLE], Status.NOT_APPLICABLE),
        # the peer's secondary block counts too
        ([APP, DATA, PEERING, TABLE, _route("172.16.0.0/16"),
          Res("aws_vpc_ipv4_cidr_block_association", "extra", {"cidr_block": "172.16.0.0/16"}, unknown={"vpc_id": True},
              expressions={"vpc_id": ref("aws_vpc.data.id")})], Status.FAIL),
        # a peer VPC outside the plan: its blocks are unknown
        ([APP, TABLE, Res("aws_vpc_peering_connection", "p", {"peer_vpc_id": "vpc-0ext"}, unknown={"id": True, "vpc_id": True},
                          expressions={"vpc_id": ref("aws_vpc.app.id"), "peer_vpc_id": {"constant_value": "vpc-0ext"}}), _route("10.1.0.0/16")], Status.UNKNOWN),
        # the peer side is the one that is not the table's VPC (a table of the data VPC)
        ([APP, DATA, PEERING, Res("aws_route_table", "rt", {}, unknown={"vpc_id": True}, expressions={"vpc_id": ref("aws_vpc.data.id")}),
          _route("10.0.0.0/16")], Status.FAIL),
        ([APP, DATA, PEERING, Res("aws_route_table", "rt", {}, unknown={"vpc_id": True}, expressions={"vpc_id": ref("aws_vpc.data.id")}),
          _route("10.1.0.0/16")], Status.PASS),
    ],
)
def test_route_table_peering_twins(tmp_path, resources, expected):
    status, _ = _verdict(_scan(tmp_path, *resources), "aws_route_table.rt", "NET-509")
    assert status is expected


def test_default_route_table_inline_routes(tmp_path):
    table = Res("aws_default_route_table", "d", {"route": [{"cidr_block": "10.1.0.0/16"}]},
                unknown={"route": [{"vpc_peering_connection_id": True}]},
                expressions={"default_route_table_id": ref("aws_vpc.app.default_route_table_id"),
                             "route": [{"cidr_block": {"constant_value": "10.1.0.0/16"}, "vpc_peering_connection_id": ref("aws_vpc_peering_connection.p.id")}]})
    status, _ = _verdict(_scan(tmp_path, APP, DATA, PEERING, table), "aws_default_route_table.d", "NET-509")
    assert status is Status.FAIL


def _clb(values: dict, unknown: dict | None = None) -> Res:
    base = {"name": "clb", "availability_zones": ["eu-west-1a", "eu-west-1b"],
            "listener": [{"instance_port": 80, "instance_protocol": "HTTP", "lb_port": 80, "lb_protocol": "HTTP"}], **values}
    return Res("aws_elb", "c", base, unknown=unknown or {})


@pytest.mark.parametrize(
    ("resource", "check", "expected"),
    [
        (_clb({}), "NET-504", Status.FAIL),  # no access_logs block
        (_clb({"access_logs": [{"bucket": "logs"}]}), "NET-504", Status.PASS),  # enabled defaults to true
        (_clb({"access_logs": [{"bucket": "logs", "enabled": False}]}), "NET-504", Status.FAIL),
        (_clb({}), "NET-512", Status.PASS),  # cross-zone defaults to true
        (_clb({"cross_zone_load_balancing": False}), "NET-512", Status.FAIL),
        (_clb({}), "NET-511", Status.FAIL),  # connection draining defaults to false
        (_clb({"connection_draining": True}), "NET-511", Status.PASS),
        (_clb({"availability_zones": ["eu-west-1a"]}), "NET-510", Status.FAIL),
        (_clb({}), "NET-510", Status.PASS),
        (_clb({}), "NET-508", Status.PASS),  # desync mitigation defensive
        (_clb({"desync_mitigation_mode": "monitor"}), "NET-508", Status.FAIL),
        (_clb({"listener": [{"instance_port": 80, "instance_protocol": "HTTP", "lb_port": 443, "lb_protocol": "HTTPS",
                             "ssl_certificate_id": "arn:aws:acm:eu-west-1:1:certificate/c"}]}), "NET-502", Status.UNKNOWN),
    ],
)
def test_classic_load_balancer_twins(tmp_path, resource, check, expected):
    status, _ = _verdict(_scan(tmp_path, resource), "aws_elb.c", check)
    assert status is expected


@pytest.mark.parametrize(
    ("permissions", "expected"),
    [
        (None, Status.PASS),
        ({"type": "Share", "account_ids": "123456789012"}, Status.PASS),
        ({"type": "Share", "account_ids": "123456789012,all"}, Status.FAIL),
        ({"type": "Share", "account_ids": "All"}, Status.PASS),  # only the literal "all" is public
        ({"type": "Share", "account_ids": "all"}, Status.FAIL),
    ],
)
def test_ssm_document_sharing(tmp_path, permissions, expected):
    values = {"name": "doc", "document_type": "Command", **({"permissions": permissions} if permissions else {})}
    status, _ = _verdict(_scan(tmp_path, Res("aws_ssm_document", "d", values)), "aws_ssm_document.d", "SVC-501")
    assert status is expected


def test_ssm_document_permissions_known_after_apply(tmp_path):
    doc = Res("aws_ssm_document", "d", {"name": "doc"}, unknown={"permissions": True}, expressions={"permissions": ref("var.share")})
    status, reason = _verdict(_scan(tmp_path, doc), "aws_ssm_document.d", "SVC-501")
    assert status is Status.UNKNOWN
    assert "aws_ssm_document.d.permissions" in reason


def test_only_the_public_sharing_service_setting_is_judged(tmp_path):
    other = Res("aws_ssm_service_setting", "o", {"setting_id": "/ssm/parameter-store/high-throughput-enabled", "setting_value": "true"})
    block = Res("aws_ssm_service_setting", "b", {"setting_id": "/ssm/documents/console/public-sharing-permission", "setting_value": "Disable"})
    result = _scan(tmp_path, other, block)
    assert _verdict(result, "aws_ssm_service_setting.b", "SVC-502")[0] is Status.PASS
    assert not [f for f in result.findings if f.resource_uid == "aws_ssm_service_setting.o"]


POLICY = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "backup:*", "Resource": "*"}]})


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([Res("aws_backup_vault", "v", {"name": "v"})], Status.PASS),  # a new vault has no policy
        ([Res("aws_backup_vault", "v", {"name": "v"}, actions=("no-op",))], Status.UNKNOWN),  # may have one from elsewhere
        ([Res("aws_backup_vault", "v", {"name": "v"}), Res("aws_backup_vault_policy", "p", {"backup_vault_name": "v", "policy": POLICY})], Status.FAIL),
        ([Res("aws_backup_vault", "v", {"name": "v"}), Res("aws_backup_vault_policy", "p", {"backup_vault_name": "other", "policy": POLICY})], Status.PASS),
        ([Res("aws_backup_vault", "v", {"name": "v"}), Res("aws_backup_vault_policy", "p", {}, unknown={"policy": True, "backup_vault_name": True},
                                                           expressions={"backup_vault_name": ref("aws_backup_vault.v.name"), "policy": ref("data.x.json")})], Status.UNKNOWN),
    ],
)
def test_backup_vault_policy_twins(tmp_path, resources, expected):
    status, _ = _verdict(_scan(tmp_path, *resources), "aws_backup_vault.v", "BACKUP-306")
    assert status is expected


def test_a_vault_policy_for_a_vault_outside_the_plan_is_judged_alone(tmp_path):
    result = _scan(tmp_path, Res("aws_backup_vault_policy", "p", {"backup_vault_name": "shared-vault", "policy": POLICY}))
    assert _verdict(result, "aws_backup_vault_policy.p", "BACKUP-306")[0] is Status.FAIL
    joined = _scan(tmp_path, Res("aws_backup_vault", "v", {"name": "v"}),
                   Res("aws_backup_vault_policy", "p", {"backup_vault_name": "v", "policy": POLICY}))
    assert not [f for f in joined.findings if f.resource_uid == "aws_backup_vault_policy.p"]


def _tls_clb(certificate: str, resource: str | None = None) -> Res:
    listener = {"instance_port": 80, "instance_protocol": "HTTP", "lb_port": 443, "lb_protocol": "HTTPS"}
    expression = {k: {"constant_value": v} for k, v in listener.items()}
    if resource:
        expression["ssl_certificate_id"] = ref(resource)
    else:
        listener["ssl_certificate_id"] = certificate
        expression["ssl_certificate_id"] = {"constant_value": certificate}
    return Res("aws_elb", "c", {"name": "clb", "availability_zones": ["eu-west-1a"], "listener": [listener]},
               unknown={"listener": [{"ssl_certificate_id": True}]} if resource else {},
               expressions={"name": {"constant_value": "clb"}, "listener": [expression]})


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        (_tls_clb("arn:aws:acm:eu-west-1:123456789012:certificate/abc"), Status.PASS),
        (_tls_clb("arn:aws:iam::123456789012:server-certificate/legacy"), Status.FAIL),
        (_tls_clb("", "aws_acm_certificate.c.arn"), Status.PASS),
        (_tls_clb("", "aws_iam_server_certificate.c.arn"), Status.FAIL),
        (_tls_clb("", "var.certificate_arn"), Status.UNKNOWN),
    ],
)
def test_classic_listener_certificates(tmp_path, resource, expected):
    status, _ = _verdict(_scan(tmp_path, resource), "aws_elb.c", "NET-513")
    assert status is expected
# fmt: on
