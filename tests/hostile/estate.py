"""A small estate whose names and ids carry hostile text, for the output-escaping tests."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.errors import CollectionError
from scanner.model import KmsKey
from scanner.provider import Collector, Item, ProviderSpec
from tests.checks.factories import kms_key
from tests.fakes import FakeSession

ARN = "arn:aws:kms:us-east-1:123456789012:key/"
#: the CSV row-splitting attack of issue 17 item 6: a bare CR, then a formula
CR_FORMULA = ARN + "bkt-ok\r=40+2"
#: formula starters at the start of a cell and at the start of later lines in it
CELL_FORMULAS = (
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "ok\n=3+3",
    "ok\r\n@SUM(4,4)",
    " =5+5",
)
#: terminal control: retitle the window (OSC), fake colours (CSI), C1 CSI, bidi override
ANSI_TITLE = "\x1b]0;pwned\x07"
ANSI_COLOUR = "\x1b[32mPASS\x1b[0m"
C1_CSI = "\x9b31m"
BIDI = "\u202eexe.txt"
#: markdown/HTML: an image beacon, a collapsed block, a mention
MD_HOSTILE = '<img src="http://evil.example/x.png"><details open>@octocat [x](javascript:y)'


def hostile_keys(_session: FakeSession, region: str) -> Iterator[Item]:
    yield kms_key(uid=CR_FORMULA, region=region, rotation_enabled=False)
    for n, text in enumerate(CELL_FORMULAS):
        yield kms_key(uid=f"{ARN}{n}", name=text, region=region, rotation_enabled=False)
    yield kms_key(
        uid=f"{ARN}ansi{ANSI_TITLE}{ANSI_COLOUR}{C1_CSI}{BIDI}",
        name=f"n{ANSI_TITLE}",
        region=region,
        rotation_enabled=False,
    )
    yield CollectionError(
        "aws",
        region,
        "KmsKey",
        f"AccessDenied{ANSI_COLOUR}",
        uid=f"{ARN}md",
        detail=MD_HOSTILE,
        hint=f"ask {MD_HOSTILE}",
    )


def hostile_spec() -> ProviderSpec[FakeSession]:
    return ProviderSpec(
        name="aws",
        connect=FakeSession,
        scopes=lambda s, r: list(r or []),
        collectors=(Collector(KmsKey, hostile_keys, permissions=("kms:ListKeys",)),),
    )
