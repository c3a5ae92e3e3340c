"""AMIs: DescribeImages(Owners=self) -> Snapshot(source='image') with its public flag.

EC2 User Guide, "Make your AMI public": a launch permission for group ``all`` makes it
public; sharing with one account does not.
"""

from __future__ import annotations

from datetime import UTC, datetime

from providers.aws.ami import collect_images, image_encryption, to_image
from scanner.model import Snapshot

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_image_encryption_needs_every_ebs_device() -> None:
    enc = {"Ebs": {"Encrypted": True, "KmsKeyId": "k"}}
    plain = {"Ebs": {"Encrypted": False}}
    assert image_encryption({"BlockDeviceMappings": [enc]}).enabled
    assert not image_encryption({"BlockDeviceMappings": [enc, plain]}).enabled
    assert not image_encryption({"BlockDeviceMappings": [{"VirtualName": "ephemeral0"}]}).enabled


def test_to_image_public_flag() -> None:
    image = to_image({"ImageId": "ami-1", "Public": True}, region="us-east-1",
                     account="123456789012", collected_at=NOW)  # fmt: skip
    assert (image.uid, image.source, image.public) == (
        "arn:aws:ec2:us-east-1::image/ami-1",
        "image",
        True,
    )


def test_collect_images_from_moto(aws_session, monkeypatch) -> None:
    ec2 = aws_session.boto.client("ec2", region_name="us-east-1")
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)
    snap = ec2.create_snapshot(VolumeId=volume["VolumeId"])["SnapshotId"]
    mappings = [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snap}}]
    public = ec2.register_image(
        Name="open", RootDeviceName="/dev/xvda", BlockDeviceMappings=mappings
    )["ImageId"]
    shared = ec2.register_image(
        Name="shared", RootDeviceName="/dev/xvda", BlockDeviceMappings=mappings
    )["ImageId"]
    ec2.modify_image_attribute(ImageId=public, LaunchPermission={"Add": [{"Group": "all"}]})
    ec2.modify_image_attribute(
        ImageId=shared, LaunchPermission={"Add": [{"UserId": "210987654321"}]}
    )
    found = {
        i.name: i.public
        for i in collect_images(aws_session, "us-east-1")
        if isinstance(i, Snapshot)
    }
    assert found["open"] is True
    assert found["shared"] is False
