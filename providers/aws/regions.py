"""Region discovery: the account's enabled (opted-in) regions."""

from __future__ import annotations

import re

from providers.aws.session import SDK_ERRORS, AwsSession, translate_error
from scanner.config import ScanConfig
from scanner.errors import AuthenticationError, ConfigError

_REGION_RE = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")


def enabled_regions(session: AwsSession, config: ScanConfig) -> list[str]:
    """``--region`` values (validated) or every region enabled for the account."""
    requested = config.regions
    if requested:
        bad = [r for r in requested if not _REGION_RE.match(r)]
        if bad:
            raise ConfigError(f"not an AWS region name: {', '.join(bad)} (expected e.g. eu-west-1)")
        return list(dict.fromkeys(requested))
    ec2 = session.client("ec2", session.default_region)
    try:
        regions = ec2.describe_regions(
            Filters=[{"Name": "opt-in-status", "Values": ["opt-in-not-required", "opted-in"]}]
        )["Regions"]
    except SDK_ERRORS as err:
        error = translate_error(
            err, scope=session.default_region, resource="Region", permission="ec2:DescribeRegions"
        )
        raise AuthenticationError(
            "aws",
            f"could not discover enabled regions: {error.cause}",
            hint="Grant ec2:DescribeRegions or pass --region explicitly",
        ) from err
    return sorted(str(r["RegionName"]) for r in regions)
