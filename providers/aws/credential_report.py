"""The IAM credential report: fetch (bounded polling) and parse its CSV into typed values.

One report answers console access, MFA, access keys and last use for every user and for the
root account, in 1-3 requests instead of several per user.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol

import botocore.exceptions

from providers.aws.session import SDK_ERRORS, error_code, translate_error
from scanner.errors import CollectionError

ROOT_ROW = "<root_account>"
#: Values the report uses for "no value": never used, no key, not applicable to root.
_EMPTY = {"", "N/A", "no_information", "not_supported"}
_MISSING = {"ReportNotPresent", "ReportExpired"}


class IamReportClient(Protocol):
    """The slice of the boto3 IAM client this module uses."""

    def generate_credential_report(self) -> Mapping[str, Any]:
        """GenerateCredentialReport."""
        ...

    def get_credential_report(self) -> Mapping[str, Any]:
        """GetCredentialReport."""
        ...


def fetch_credential_report(
    iam: IamReportClient,
    *,
    attempts: int = 15,
    delay: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes | None:
    """The report CSV, or None if it is still not ready after ``attempts`` polls.

    Reads an existing report first (AWS reuses a report for four hours, so a second collector
    costs one request); generates one only when none is present or it expired.

    Raises:
        botocore.exceptions.ClientError: the report could not be generated or read.
    """
    generated = False
    for _ in range(attempts):
        try:
            return bytes(iam.get_credential_report()["Content"])
        except botocore.exceptions.ClientError as err:
            code = error_code(err)
            if code in _MISSING and not generated:
                generated = True
                if iam.generate_credential_report().get("State") == "COMPLETE":
                    continue
            elif code != "ReportInProgress" and code not in _MISSING:
                raise
        sleep(delay)
    return None


def parse_credential_report(content: bytes | str) -> dict[str, dict[str, str]]:
    """CSV rows keyed by the ``user`` column (the root row is ``<root_account>``)."""
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return {row["user"]: row for row in csv.DictReader(io.StringIO(text)) if row.get("user")}


def report_bool(value: str | None) -> bool | None:
    """``true``/``false`` -> bool; anything else (``not_supported``...) -> None."""
    text = (value or "").strip().lower()
    return True if text == "true" else False if text == "false" else None


def report_time(value: str | None) -> datetime | None:
    """An ISO 8601 report timestamp, or None for ``N/A``/``no_information``/unparseable."""
    text = (value or "").strip()
    if text in _EMPTY:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def credential_rows(
    iam: IamReportClient,
    *,
    scope: str,
    resource: str,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, dict[str, str]]:
    """Fetch and parse the report; a scope-wide CollectionError if it cannot be read.

    Without the report, access keys cannot be told apart from "no keys", so the collector
    fails as a whole instead of yielding users with misleading empty key lists.
    """
    try:
        content = fetch_credential_report(iam, sleep=sleep)
    except SDK_ERRORS as err:
        op = err.operation_name if isinstance(err, botocore.exceptions.ClientError) else ""
        permission = f"iam:{op or 'GetCredentialReport'}"
        raise translate_error(err, scope=scope, resource=resource, permission=permission) from err
    if content is None:
        raise CollectionError(
            "aws",
            scope,
            resource,
            "ReportInProgress",
            permission="iam:GetCredentialReport",
            hint="The credential report was still being generated; re-run in a minute",
        )
    return parse_credential_report(content)
