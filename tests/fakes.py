"""In-memory provider fakes for engine and output tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from scanner.errors import CollectionError
from scanner.model import KmsKey
from scanner.provider import Collector, Item, ProviderSpec
from tests.checks.factories import kms_key


@dataclass
class FakeSession:
    provider: str = "aws"
    account: str = "123456789012"
    identity: str = "arn:aws:iam::123456789012:user/tester"
    offline: bool = False
    input_errors: tuple[CollectionError, ...] = ()

    def release_inputs(self) -> None:
        pass

    def close(self) -> None:
        pass


def keys(_session: FakeSession, region: str) -> Iterator[Item]:
    if region == "eu-west-1":
        raise CollectionError(
            "aws",
            region,
            "KmsKey",
            "AccessDenied",
            permission="kms:ListKeys",
            hint="grant kms:ListKeys",
        )
    yield kms_key(uid=f"arn:aws:kms:{region}:123456789012:key/good", region=region)
    yield kms_key(
        uid=f"arn:aws:kms:{region}:123456789012:key/bad", region=region, rotation_enabled=False
    )
    yield CollectionError(
        "aws", region, "KmsKey", "AccessDenied", uid=f"arn:aws:kms:{region}:123456789012:key/hidden"
    )


def spec(fn: Callable[[FakeSession, str], Iterable[Item]] = keys) -> ProviderSpec[FakeSession]:
    return ProviderSpec(
        name="aws",
        connect=FakeSession,
        scopes=lambda s, r: list(r or []),
        collectors=(Collector(KmsKey, fn, permissions=("kms:ListKeys",)),),
    )
