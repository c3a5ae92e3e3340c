"""Published AWS support calendars: Lambda runtimes and EKS Kubernetes versions.

Data, not logic: each table copies dates AWS publishes, with the page they come from.
Checks compare them with a resource's ``collected_at``; the scanner never reads the clock
for them. Update the tables when AWS publishes new dates (both pages change a few times a
year); a runtime or version missing here is reported as UNKNOWN, never as supported.

Lambda: "Deprecation date" column of the supported and deprecated runtime tables,
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (the date from which
Lambda no longer applies security patches; creation is then blocked too), as of
2026-02 (cross-checked with https://endoflife.date/aws-lambda and the table in
terraform-linters/tflint-ruleset-aws ``aws_lambda_function_deprecated_runtime``).

EKS: "End of standard support" and "End of extended support" of the release calendar,
https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, as of 2026-02
(cross-checked with https://endoflife.date/amazon-eks).
"""

from __future__ import annotations

from datetime import date

from scanner.model import SupportWindow

LAMBDA_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"
EKS_SOURCE = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html"

#: Lambda runtime id -> deprecation date (None: supported, no date announced).
LAMBDA_RUNTIMES: dict[str, date | None] = {
    "nodejs24.x": date(2028, 4, 30),
    "nodejs22.x": date(2027, 4, 30),
    "nodejs20.x": date(2026, 4, 30),
    "nodejs18.x": date(2025, 9, 1),
    "nodejs16.x": date(2024, 6, 12),
    "nodejs14.x": date(2023, 12, 4),
    "nodejs12.x": date(2023, 3, 31),
    "nodejs10.x": date(2021, 7, 30),
    "nodejs8.10": date(2020, 3, 6),
    "nodejs6.10": date(2019, 8, 12),
    "nodejs4.3": date(2020, 3, 5),
    "nodejs4.3-edge": date(2020, 3, 5),
    "nodejs": date(2016, 10, 31),
    "python3.14": date(2029, 6, 30),
    "python3.13": date(2029, 6, 30),
    "python3.12": date(2028, 10, 31),
    "python3.11": date(2026, 6, 30),
    "python3.10": date(2026, 6, 30),
    "python3.9": date(2025, 12, 15),
    "python3.8": date(2024, 10, 14),
    "python3.7": date(2023, 12, 4),
    "python3.6": date(2022, 7, 18),
    "python2.7": date(2021, 7, 15),
    "java25": date(2029, 6, 30),
    "java21": date(2029, 6, 30),
    "java17": date(2026, 6, 30),
    "java11": date(2026, 6, 30),
    "java8.al2": date(2026, 6, 30),
    "java8": date(2024, 1, 8),
    "dotnet10": date(2028, 11, 14),
    "dotnet8": date(2026, 11, 10),
    "dotnet7": date(2024, 5, 14),
    "dotnet6": date(2024, 11, 12),
    "dotnet5.0": date(2022, 5, 10),
    "dotnetcore3.1": date(2023, 4, 3),
    "dotnetcore2.1": date(2022, 1, 5),
    "dotnetcore2.0": date(2019, 5, 30),
    "dotnetcore1.0": date(2019, 7, 27),
    "ruby3.4": date(2028, 3, 31),
    "ruby3.3": date(2027, 3, 31),
    "ruby3.2": date(2026, 3, 31),
    "ruby2.7": date(2023, 11, 27),
    "ruby2.5": date(2021, 7, 30),
    "provided.al2023": date(2029, 6, 30),
    "provided.al2": date(2026, 6, 30),
    "provided": date(2024, 1, 8),
    "go1.x": date(2024, 1, 8),
}

#: EKS minor version -> (end of standard support, end of extended support).
EKS_VERSIONS: dict[str, tuple[date, date]] = {
    "1.23": (date(2023, 10, 11), date(2024, 10, 11)),
    "1.24": (date(2024, 1, 31), date(2025, 1, 31)),
    "1.25": (date(2024, 5, 1), date(2025, 5, 1)),
    "1.26": (date(2024, 6, 11), date(2025, 6, 11)),
    "1.27": (date(2024, 7, 24), date(2025, 7, 24)),
    "1.28": (date(2024, 11, 26), date(2025, 11, 26)),
    "1.29": (date(2025, 3, 23), date(2026, 3, 23)),
    "1.30": (date(2025, 7, 23), date(2026, 7, 23)),
    "1.31": (date(2025, 11, 26), date(2026, 11, 26)),
    "1.32": (date(2026, 3, 23), date(2027, 3, 23)),
    "1.33": (date(2026, 7, 29), date(2027, 7, 29)),
    "1.34": (date(2026, 12, 2), date(2027, 12, 2)),
    "1.35": (date(2027, 3, 27), date(2028, 3, 27)),
}


def lambda_runtime_support(runtime: str) -> SupportWindow | None:
    """The published deprecation of a Lambda runtime id; None if the id is not listed."""
    if runtime not in LAMBDA_RUNTIMES:
        return None
    return SupportWindow(version=runtime, ends=LAMBDA_RUNTIMES[runtime], source=LAMBDA_SOURCE)


def eks_version_support(version: str) -> SupportWindow | None:
    """The published support window of an EKS minor version ('1.31'); None if not listed."""
    if version not in EKS_VERSIONS:
        return None
    standard, extended = EKS_VERSIONS[version]
    return SupportWindow(version=version, ends=standard, extended_ends=extended, source=EKS_SOURCE)
