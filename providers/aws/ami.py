"""EC2 machine images (AMIs) owned by the account: one DescribeImages listing per region.

DescribeImages reports ``Public`` directly (EC2 User Guide, "Understand shared AMI use":
an AMI whose launch permission includes group ``all`` is public), so no per-image call.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import tag_map
from scanner.model import Encryption, Snapshot
from scanner.provider import Collector, Item


def image_encryption(image: Mapping[str, Any]) -> Encryption:
    """Pure: every EBS block device of the image is encrypted (no EBS devices: not)."""
    ebs = [m["Ebs"] for m in image.get("BlockDeviceMappings") or () if "Ebs" in m]
    encrypted = bool(ebs) and all(bool(e.get("Encrypted")) for e in ebs)
    keys = {e.get("KmsKeyId") for e in ebs if e.get("KmsKeyId")}
    key = next(iter(keys)) if len(keys) == 1 else None
    return Encryption(enabled=encrypted, key_id=key if encrypted else None)


def to_image(
    image: Mapping[str, Any], *, region: str, account: str, collected_at: datetime
) -> Snapshot:
    """Pure: a DescribeImages item -> Snapshot (source 'image')."""
    image_id = str(image["ImageId"])
    return Snapshot(
        uid=f"arn:aws:ec2:{region}::image/{image_id}",
        provider="aws",
        account=account,
        region=region,
        service="ec2",
        name=str(image.get("Name") or image_id),
        tags=tag_map(image.get("Tags")),
        collected_at=collected_at,
        source="image",
        encryption=image_encryption(image),
        public=bool(image.get("Public")),
    )


def collect_images(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every AMI the account owns in ``region``."""
    ec2 = session.client("ec2", region)
    try:
        images = paginate(ec2, "describe_images", "Images", Owners=["self"])
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Snapshot", permission="ec2:DescribeImages"
        ) from err
    now = session.now()
    for image in images:
        yield to_image(image, region=region, account=session.account, collected_at=now)


COLLECTORS = (Collector(Snapshot, collect_images, permissions=("ec2:DescribeImages",)),)
