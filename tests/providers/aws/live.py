"""A moto server with faults in a child process, and the environment that points boto3 at it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVER = Path(__file__).with_name("fault_server.py")


#: Canary secrets planted in the estate and the scanner's environment; none may be reported.
CANARIES = {
    "tag": "canary-tag-value-6b1f0d7e",
    "access_key": "AKIAQ7CANARY3XZ2K9WD",
    "policy": "canary-policy-secret-91c2e8aa",
    "secret_value": "canary-secret-string-4d5e6f70",
    "env_secret_key": "canaryEnvSecretKey0123456789abcdefABCDEF",
    "env_token": "canary-session-token-a1b2c3d4",
}

#: Variables that could send boto3 elsewhere or give it other credentials.
_CLEARED = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "AWS_REGION",
)


@dataclass
class FaultServer:
    """Handle on a running ``fault_server.py`` child."""

    process: subprocess.Popen[str]
    port: int
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(cls) -> FaultServer:
        """Start the child and wait for its port."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "MOTO_"))}
        env |= {"MOTO_EC2_LOAD_DEFAULT_AMIS": "false", "PYTHONWARNINGS": "ignore"}
        process = subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, str(SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stdout is not None
        port = int(process.stdout.readline())
        server = cls(process, port)
        server.env = {
            "AWS_ENDPOINT_URL": server.url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": CANARIES["env_secret_key"],
            "AWS_SESSION_TOKEN": CANARIES["env_token"],
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
        return server

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self.port}"

    def _call(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        method = "POST" if data else "GET"
        request = urllib.request.Request(self.url + path, data=data, method=method)  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - loopback
            return json.loads(answer.read())

    def faults(self, **settings: Any) -> dict[str, Any]:
        """Replace the fault settings (none given: no faults) and zero the counters."""
        return dict(self._call("/_faults", settings))

    def stats(self) -> dict[str, Any]:
        """Request counters since the last ``faults()`` call."""
        return dict(self._call("/_faults/stats"))

    def apply_env(self, monkeypatch: Any) -> None:
        """Point boto3 in this process at the server (and only at it)."""
        for var in _CLEARED:
            monkeypatch.delenv(var, raising=False)
        for var in [v for v in os.environ if v.startswith("AWS_ENDPOINT_URL_")]:
            monkeypatch.delenv(var, raising=False)
        for key, value in self.env.items():
            monkeypatch.setenv(key, value)

    def stop(self) -> None:
        """Close stdin (the child shuts down) and reap it."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.process.stdout.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_TAGS = [{"Key": "Owner", "Value": CANARIES["tag"]}, {"Key": "ci", "Value": CANARIES["access_key"]}]


def _statement(sid: str, principal: Any, action: str, resource: str) -> dict[str, Any]:
    """A statement whose condition carries a canary (a shared secret people do put there)."""
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": principal,
        "Action": action,
        "Resource": resource,
        "Condition": {"StringEquals": {"aws:UserAgent": CANARIES["policy"]}},
    }


def seed_small_estate(boto: Any, regions: tuple[str, ...]) -> None:
    """A small estate over ``regions`` covering every wire protocol the collectors use.

    Per region: a rotated and an unrotated KMS key, a well-configured and a public bucket,
    SSH open to the world in the default VPC, an unencrypted SQS queue with a policy, an SNS
    topic, a log group and a secret. Once: an IAM user, role and managed policy. Canaries sit
    in tags, policy conditions, the secret's value (and the scanner's credentials).
    """
    account = boto.client("sts").get_caller_identity()["Account"]
    iam = boto.client("iam")
    doc = {"Version": "2012-10-17", "Statement": [_statement("Canary", None, "s3:*", "*")]}
    doc["Statement"][0].pop("Principal")
    iam.create_user(UserName="alice", Tags=_TAGS)
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=json.dumps(doc))
    iam.create_policy(PolicyName="canary-policy", PolicyDocument=json.dumps(doc), Tags=_TAGS)
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }  # fmt: skip
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(trust), Tags=_TAGS)
    for region in regions:
        _seed_region(boto, region, account)


def _seed_region(boto: Any, region: str, account: str) -> None:
    kms = boto.client("kms", region_name=region)
    kms_tags = [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in _TAGS]
    rotated = kms.create_key(Description="rotated", Tags=kms_tags)["KeyMetadata"]
    kms.enable_key_rotation(KeyId=rotated["KeyId"])
    kms.create_key(Description="unrotated", Tags=kms_tags)
    s3 = boto.client("s3", region_name=region)
    where: dict[str, Any] = {}
    if region != "us-east-1":
        where["CreateBucketConfiguration"] = {"LocationConstraint": region}
    good, public = f"good-{region}-{account}", f"public-{region}-{account}"
    for name in (good, public):
        s3.create_bucket(Bucket=name, **where)
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": _TAGS})
    s3.put_bucket_encryption(
        Bucket=good,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                                                              "KMSMasterKeyID": rotated["Arn"]}}]
        },
    )  # fmt: skip
    s3.put_bucket_versioning(Bucket=good, VersioningConfiguration={"Status": "Enabled"})
    read = _statement("PublicRead", "*", "s3:GetObject", f"arn:aws:s3:::{public}/*")
    read.pop("Condition")
    canary = _statement("Canary", {"AWS": "*"}, "s3:PutObject", f"arn:aws:s3:::{public}/*")
    s3.put_bucket_policy(Bucket=public, Policy=json.dumps({"Statement": [read, canary]}))
    ec2 = boto.client("ec2", region_name=region)
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    group = ec2.create_security_group(
        GroupName="ssh-open", Description="ssh", VpcId=vpc,
        TagSpecifications=[{"ResourceType": "security-group", "Tags": _TAGS}],
    )["GroupId"]  # fmt: skip
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                        "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": CANARIES["tag"]}]}],
    )  # fmt: skip
    sqs = boto.client("sqs", region_name=region)
    queue_arn = f"arn:aws:sqs:{region}:{account}:jobs"
    queue_policy = {"Statement": [_statement("Canary", {"AWS": account}, "sqs:*", queue_arn)]}
    sqs.create_queue(
        QueueName="jobs",
        Attributes={"Policy": json.dumps(queue_policy), "SqsManagedSseEnabled": "false"},
        tags={"Owner": CANARIES["tag"]},
    )
    sns = boto.client("sns", region_name=region)
    sns.create_topic(Name="alerts", Tags=_TAGS)
    logs = boto.client("logs", region_name=region)
    logs.create_log_group(logGroupName="app", tags={"Owner": CANARIES["tag"]})
    secrets = boto.client("secretsmanager", region_name=region)
    secrets.create_secret(Name="db", SecretString=CANARIES["secret_value"], Tags=_TAGS)
