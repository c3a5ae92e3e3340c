"""EKS managed node groups: mapper on DescribeNodegroup JSON, collector on moto."""

from __future__ import annotations

from datetime import UTC, datetime

from providers.aws.eks_nodegroups import collect_node_pools, to_node_pool
from providers.aws.session import AwsSession
from scanner.model import NodePool

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
REGION = "us-east-1"
ARN = "arn:aws:eks:us-east-1:111:nodegroup/prod/workers/abc"


def test_to_node_pool_remote_access_and_template():
    open_ssh = to_node_pool(
        {"nodegroupArn": ARN, "nodegroupName": "workers", "clusterName": "prod",
         "amiType": "AL2_x86_64", "remoteAccess": {"ec2SshKey": "ops"}, "tags": {"t": "1"}},
        account="111", region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (open_ssh.ssh_access, open_ssh.ssh_sources, open_ssh.cluster) == (True, (), "prod")
    fenced = to_node_pool(
        {"nodegroupArn": ARN, "remoteAccess": {"ec2SshKey": "ops",
                                               "sourceSecurityGroups": ["sg-1"]}},
        account="111", region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert fenced.ssh_sources == ("sg-1",)
    templated = to_node_pool(
        {"nodegroupArn": ARN, "launchTemplate": {"name": "lt-web", "version": "3"}},
        account="111", region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (templated.ssh_access, templated.launch_template) == (False, "lt-web")


def test_collect_node_pools_on_moto(aws_session: AwsSession):
    eks = aws_session.client("eks", REGION)
    role = "arn:aws:iam::123456789012:role/eks"
    subnets = [aws_session.client("ec2", REGION).describe_subnets()["Subnets"][0]["SubnetId"]]
    eks.create_cluster(name="prod", roleArn=role, resourcesVpcConfig={"subnetIds": subnets})
    eks.create_nodegroup(clusterName="prod", nodegroupName="open", nodeRole=role,
                         subnets=subnets, remoteAccess={"ec2SshKey": "ops"})  # fmt: skip
    eks.create_nodegroup(
        clusterName="prod", nodegroupName="fenced", nodeRole=role, subnets=subnets,
        remoteAccess={"ec2SshKey": "ops", "sourceSecurityGroups": ["sg-0123"]},
    )  # fmt: skip
    found = {p.name: p for p in collect_node_pools(aws_session, REGION)}
    open_pool, fenced = found["open"], found["fenced"]
    assert isinstance(open_pool, NodePool)
    assert isinstance(fenced, NodePool)
    assert (open_pool.ssh_access, open_pool.ssh_sources) == (True, ())
    assert fenced.ssh_sources == ("sg-0123",)
