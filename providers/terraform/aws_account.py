"""AWS account- and region-level settings in a plan: GuardDuty, Config recording, Security
Hub, Macie, IAM Access Analyzer, EBS and IMDS defaults, the S3 account block, the AWS Support
role, and the account's audit trails.

A plan is a partial view of an account, so each kind follows one of three rules:

* **The plan manages the region's (or account's) single setting** (a region has at most
  one GuardDuty detector, one customer Config recorder, one Security Hub, one Macie
  session, one EBS encryption-by-default flag, one set of IMDS defaults; an account has one
  S3 account-level block): the planned resource is judged, passing or failing, in the
  region of the provider configuration that manages it (the resource's own ``region``
  argument of provider v6, else the constant ``region`` of its ``provider_config_key`` in
  the plan's ``configuration``). A region set by a variable, the environment or a profile
  is not in the plan: the model's region is ``unknown``, never guessed.
* **The setting is an aggregate the plan only adds to** (a region's access analyzers, the
  roles holding AWSSupportAccess, the account's trails): the plan can prove it holds
  (PASS) but never that it does not, since what Terraform does not manage may supply it;
  nothing is yielded unless the planned resources settle the verdict. The exclusive
  ``aws_iam_policy_attachment`` is the exception: it declares every entity holding the
  policy across the account, so it settles SupportAccess either way.
* **Not representable by a plan:** the root user (keys, MFA, recent use) and the
  credential report are not Terraform resources; ObjectAccessLogging and BackupCoverage
  judge every bucket / resource of the account against every trail / backup plan, which a
  plan cannot enumerate. Those are not mapped.

Coverage checks ("in every region") judge one finding per region on a live scan; a plan
yields the region its resource lands in, never the whole account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from providers.aws.config import to_config_recording
from providers.aws.ebs import to_block_storage_defaults
from providers.aws.guardduty import to_threat_detection
from providers.aws.posture import (
    EXTERNAL_ACCESS_TYPES,
    to_access_analysis,
    to_data_discovery,
    to_posture_management,
    to_support_access,
)
from providers.aws.s3 import to_object_storage_defaults
from providers.aws.ssm import to_instance_defaults
from providers.terraform.common import collector, first, flag, relabel
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, opaque_resource
from scanner.model import (
    AccessAnalysis,
    BlockStorageDefaults,
    ConfigRecording,
    DataDiscovery,
    InstanceDefaults,
    ObjectStorageDefaults,
    PostureManagement,
    SupportAccess,
    ThreatDetection,
)
from scanner.provider import Collector, Item

#: The region of a resource whose provider configuration's region is not in the plan.
UNKNOWN_REGION = "unknown"


def planned_region(resource: Planned, session: TerraformSession) -> str:
    """The region ``resource`` is managed in: its own ``region`` argument (AWS provider v6,
    "Defaults to the Region set in the provider configuration"), else the constant
    ``region`` of the provider configuration it names (``provider_config_key``); else
    ``unknown`` (a variable, the environment or a profile decides it at apply time)."""
    value = resource.values.get("region")
    if isinstance(value, str) and value and not resource.is_unknown("region"):
        return value
    return session.plan.provider_regions.get(resource.provider_key, UNKNOWN_REGION)


def _unknown(resource: Planned, session: TerraformSession, *attributes: str) -> bool:
    """Whether any of ``attributes`` is known only after apply (noted for the finding)."""
    found = [f"{resource.address}.{a}" for a in attributes if resource.is_unknown(a)]
    session.note_unknown(resource, found)
    return bool(found)


# -- GuardDuty ------------------------------------------------------------------------------


def plan_threat_detection(detector: Planned, session: TerraformSession) -> ThreatDetection:
    """``aws_guardduty_detector`` -> GetDetector ``Status``: ``enable`` defaults to true;
    false "is equivalent to suspending GuardDuty" (Status DISABLED). Features
    (``datasources``, ``aws_guardduty_detector_feature``) do not change whether the
    detector runs, and LOG-010 judges only that (registry: aws_guardduty_detector)."""
    answer: Mapping[str, Any] | None = None
    if not _unknown(detector, session, "enable"):
        enabled = flag(detector.values, "enable", True)
        answer = {"Status": "ENABLED" if enabled else "DISABLED"}
    model = to_threat_detection(
        [(detector.address, answer)],
        account="",
        region=planned_region(detector, session),
        collected_at=session.collected_at,
    )
    return relabel(model, detector)


# -- AWS Config ------------------------------------------------------------------------------

_RECORDER = "aws_config_configuration_recorder"
_STATUS = "aws_config_configuration_recorder_status"
_CHANNEL = "aws_config_delivery_channel"


def _recording_group(recorder: Planned) -> Mapping[str, Any] | None:
    """DescribeConfigurationRecorders ``recordingGroup``: ``all_supported`` defaults to
    true, ``recording_strategy.use_only`` as written; an omitted group is AWS Config's
    default (every supported type); None when the written group is known only after apply
    (registry: aws_config_configuration_recorder, "recording_group")."""
    if recorder.configured("recording_group") and recorder.is_unknown("recording_group"):
        return None
    group = first(recorder.values.get("recording_group"))
    if not group:
        return {"allSupported": True}
    strategy = first(group.get("recording_strategy")).get("use_only")
    answer: dict[str, Any] = {"allSupported": flag(group, "all_supported", True)}
    if strategy:
        answer["recordingStrategy"] = {"useOnly": str(strategy)}
    return answer


def _recorder_status(
    recorder: Planned, name: str, session: TerraformSession
) -> list[Mapping[str, Any]] | None:
    """DescribeConfigurationRecorderStatus for the recorder, or None (unknown).

    PutConfigurationRecorder "does not start the created recorder"; only an
    ``aws_config_configuration_recorder_status`` with ``is_enabled = true`` starts it, and
    starting "requires a delivery channel to be present" (registry:
    aws_config_configuration_recorder, aws_config_configuration_recorder_status). So: no
    status resource on a recorder the plan creates = stopped; on an existing recorder =
    whatever it is (unknown); enabled with no ``aws_config_delivery_channel`` in the plan
    for a recorder the plan creates = unknown (the start needs a channel the plan does not
    show)."""
    statuses = session.joined(recorder, (_STATUS,), "name")
    if not statuses:
        if recorder.created:
            return []
        session.note_unknown(recorder, [f"{recorder.address} (no {_STATUS} in the plan)"])
        return None
    status = statuses[-1]
    if _unknown(status, session, "is_enabled"):
        session.note_unknown(recorder, [f"{status.address}.is_enabled"])
        return None
    enabled = bool(status.values.get("is_enabled"))
    region = planned_region(recorder, session)
    channels = [c for c in session.all_of(_CHANNEL) if planned_region(c, session) == region]
    if enabled and recorder.created and not channels:
        session.note_unknown(recorder, [f"{recorder.address} (no {_CHANNEL} in the plan)"])
        return None
    return [{"name": name, "recording": enabled}]


def plan_config_recording(recorder: Planned, session: TerraformSession) -> ConfigRecording:
    """``aws_config_configuration_recorder`` joined with its status (by ``name``, which
    defaults to ``default``) -> the live ``to_config_recording``."""
    name = str(recorder.values.get("name") or "default")
    group = _recording_group(recorder)
    statuses = _recorder_status(recorder, name, session)
    if group is None:
        session.note_unknown(recorder, [f"{recorder.address}.recording_group"])
    model = to_config_recording(
        [{"name": name, "recordingGroup": group or {}}],
        statuses,
        account="",
        region=planned_region(recorder, session),
        collected_at=session.collected_at,
    )
    if group is None and model.recording:
        model = model.model_copy(update={"all_resources": None})
    return relabel(model, recorder)


# -- Security Hub, Macie ----------------------------------------------------------------------


def plan_posture_management(hub: Planned, session: TerraformSession) -> PostureManagement:
    """``aws_securityhub_account`` enables Security Hub (CSPM) in its region: DescribeHub
    answers. ``enable_default_standards`` (default true) and
    ``aws_securityhub_standards_subscription`` choose standards, which LOG-501 does not
    judge (the live model reads DescribeHub only) (registry: aws_securityhub_account)."""
    model = to_posture_management(
        {"HubArn": hub.address},
        account="",
        region=planned_region(hub, session),
        collected_at=session.collected_at,
    )
    return relabel(model, hub)


def plan_data_discovery(macie: Planned, session: TerraformSession) -> DataDiscovery:
    """``aws_macie2_account``: ``status`` ENABLED or PAUSED; omitted, EnableMacie's default
    ENABLED (registry: aws_macie2_account; Macie API reference, EnableMacie ``status``)."""
    answer: Mapping[str, Any] | None = None
    if not _unknown(macie, session, "status"):
        answer = {"status": str(macie.values.get("status") or "ENABLED")}
    model = to_data_discovery(
        answer or {"status": ""},
        account="",
        region=planned_region(macie, session),
        collected_at=session.collected_at,
    )
    if answer is None:
        model = model.model_copy(update={"enabled": None})
    return relabel(model, macie)


# -- EBS, IMDS and S3 account defaults ---------------------------------------------------------


def plan_block_storage_defaults(
    setting: Planned, session: TerraformSession
) -> BlockStorageDefaults:
    """``aws_ebs_encryption_by_default``: ``enabled`` defaults to true (registry:
    aws_ebs_encryption_by_default). ``aws_ebs_default_kms_key`` picks the key and
    ``aws_ebs_snapshot_block_public_access`` blocks snapshot sharing: STOR-011 reads
    neither, as the live GetEbsEncryptionByDefault does not."""
    unknown = _unknown(setting, session, "enabled")
    model = to_block_storage_defaults(
        {"EbsEncryptionByDefault": flag(setting.values, "enabled", True)},
        region=planned_region(setting, session),
        account="",
        collected_at=session.collected_at,
    )
    if unknown:
        model = model.model_copy(update={"encryption_by_default": None})
    return relabel(model, setting)


_NO_PREFERENCE = "no-preference"


def plan_instance_defaults(defaults: Planned, session: TerraformSession) -> InstanceDefaults:
    """``aws_ec2_instance_metadata_defaults``: ``http_tokens`` and ``http_endpoint`` default
    to ``no-preference`` (no account default: GetInstanceMetadataDefaults leaves the field
    out and the AMI decides) (registry: aws_ec2_instance_metadata_defaults)."""
    unknown = _unknown(defaults, session, "http_tokens", "http_endpoint")
    level = {
        api: str(defaults.values.get(attribute) or _NO_PREFERENCE)
        for attribute, api in (("http_tokens", "HttpTokens"), ("http_endpoint", "HttpEndpoint"))
    }
    answer = {"AccountLevel": {k: v for k, v in level.items() if v != _NO_PREFERENCE}}
    model = to_instance_defaults(
        answer,
        account="",
        region=planned_region(defaults, session),
        collected_at=session.collected_at,
    )
    if unknown:
        model = model.model_copy(update={"metadata_tokens_required": None})
    return relabel(model, defaults)


_PAB_FLAGS = {
    "block_public_acls": "BlockPublicAcls",
    "ignore_public_acls": "IgnorePublicAcls",
    "block_public_policy": "BlockPublicPolicy",
    "restrict_public_buckets": "RestrictPublicBuckets",
}


def plan_object_storage_defaults(
    block: Planned, session: TerraformSession
) -> ObjectStorageDefaults:
    """``aws_s3_account_public_access_block``: each of the four flags defaults to false
    (registry: aws_s3_account_public_access_block). Account level (``global``), as the live
    S3 Control GetPublicAccessBlock. The S3 bucket mapper reads the same resource for
    bucket exposure; this is only the account setting's own finding (STOR-007)."""
    answer: Mapping[str, Any] | None = None
    if not _unknown(block, session, *_PAB_FLAGS):
        answer = {"PublicAccessBlockConfiguration": {
            api: flag(block.values, attr, False) for attr, api in _PAB_FLAGS.items()}}  # fmt: skip
    model = to_object_storage_defaults(answer, account="", collected_at=session.collected_at)
    return relabel(model, block)


# -- IAM Access Analyzer ---------------------------------------------------------------------

_ANALYZER = "aws_accessanalyzer_analyzer"


def collect_access_analyses(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Per region, the planned ``aws_accessanalyzer_analyzer`` of type ACCOUNT or
    ORGANIZATION (``type`` defaults to ACCOUNT; the ``*_UNUSED_ACCESS`` types do not find
    external access) -> AccessAnalysis, ACTIVE once created (registry:
    aws_accessanalyzer_analyzer; IAM Access Analyzer API, AnalyzerSummary ``status``).

    A region holds several analyzers, and ones Terraform does not manage may cover it: a
    plan can prove a region covered, never uncovered, so a region with only unused-access
    (or unknown-type) analyzers yields nothing.
    """
    by_region: dict[str, list[Planned]] = defaultdict(list)
    for analyzer in session.judged(_ANALYZER):
        if analyzer.opaque:
            yield opaque_resource("aws", analyzer, "AccessAnalysis")
            continue
        kind = str(analyzer.values.get("type") or "ACCOUNT").upper()
        if analyzer.is_unknown("type") or kind not in EXTERNAL_ACCESS_TYPES:
            continue
        by_region[planned_region(analyzer, session)].append(analyzer)
    for region, analyzers in by_region.items():
        summaries = [
            {"name": str(a.values.get("analyzer_name") or a.address), "type": str(
                a.values.get("type") or "ACCOUNT"), "status": "ACTIVE"}
            for a in analyzers
        ]  # fmt: skip
        model = to_access_analysis(
            summaries, account="", region=region, collected_at=session.collected_at
        )
        yield relabel(model, analyzers[0])


# -- AWS Support role --------------------------------------------------------------------------

_SUPPORT_POLICY = ":iam::aws:policy/AWSSupportAccess"


def _is_support_policy(value: Any) -> bool:
    """``arn:<partition>:iam::aws:policy/AWSSupportAccess`` (any partition)."""
    return isinstance(value, str) and value.startswith("arn:") and value.endswith(_SUPPORT_POLICY)


def _names(resource: Planned, attribute: str) -> list[str] | None:
    """A list of entity names known at plan time, else None."""
    if resource.is_unknown(attribute):
        return None
    return [str(v) for v in resource.values.get(attribute) or ()]


def _role_of(attachment: Planned) -> str:
    """The role an attachment names when its name is known only after apply: the
    referenced ``aws_iam_role`` address (a role all the same)."""
    refs = [r for r in attachment.references("role") if r.count(".") == 1]
    return refs[0] if refs else attachment.address


def collect_support_access(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Who holds the AWS managed policy AWSSupportAccess after apply (IAM-502).

    * ``aws_iam_policy_attachment`` "creates exclusive attachments of IAM policies. Across
      the entire AWS account, all of the users/roles/groups to which a single policy is
      attached must be declared by a single aws_iam_policy_attachment resource" (registry:
      aws_iam_policy_attachment): its ``roles``/``users``/``groups`` are the account's
      whole answer, passing or failing.
    * ``aws_iam_role_policy_attachment`` (``role``) and ``aws_iam_role``
      ``managed_policy_arns`` add a role: the account has a support role (PASS); without
      them the plan makes no claim (a role outside Terraform may hold it).
    """
    exclusive = [
        a for a in session.all_of("aws_iam_policy_attachment")
        if not a.is_unknown("policy_arn") and _is_support_policy(a.values.get("policy_arn"))
    ]  # fmt: skip
    roles: set[str] = set()
    owners: list[Planned] = []
    for attachment in session.all_of("aws_iam_role_policy_attachment"):
        if attachment.is_unknown("policy_arn"):
            continue
        if _is_support_policy(attachment.values.get("policy_arn")):
            owners.append(attachment)
            role = attachment.values.get("role")
            known = role and not attachment.is_unknown("role")
            roles.add(str(role) if known else _role_of(attachment))
    for role in session.all_of("aws_iam_role"):
        arns = (
            [] if role.is_unknown("managed_policy_arns") else role.values.get("managed_policy_arns")
        )
        if any(_is_support_policy(a) for a in arns or ()):
            owners.append(role)
            roles.add(str(role.values.get("name") or role.address))
    entities: dict[str, list[dict[str, str]]] = {"PolicyRoles": [], "PolicyUsers": [],
                                                 "PolicyGroups": []}  # fmt: skip
    unread = False
    for attachment in exclusive:
        owners.append(attachment)
        for attribute, key, field in (("roles", "PolicyRoles", "RoleName"),
                                      ("users", "PolicyUsers", "UserName"),
                                      ("groups", "PolicyGroups", "GroupName")):  # fmt: skip
            names = _names(attachment, attribute)
            if names is None:
                unread = True
                session.note_unknown(attachment, [f"{attachment.address}.{attribute}"])
                continue
            entities[key] += [{field: n} for n in names]
    if not owners:
        return
    judged = [o for o in owners if not session.changed_only or o.changed]
    if not judged:
        return
    entities["PolicyRoles"] += [{"RoleName": r} for r in sorted(roles)]
    model = to_support_access(entities, account="", collected_at=session.collected_at)
    if unread and not model.roles:
        model = model.model_copy(update={"roles": None})
    yield relabel(model, judged[0])


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector(
        "aws",
        ThreatDetection,
        ("aws_guardduty_detector",),
        plan_threat_detection,
        name="plan_threat_detections",
    ),
    collector(
        "aws",
        ConfigRecording,
        (_RECORDER,),
        plan_config_recording,
        name="plan_config_recordings",
        joins=[((_STATUS,), "name")],
    ),
    collector(
        "aws",
        PostureManagement,
        ("aws_securityhub_account",),
        plan_posture_management,
        name="plan_posture_management",
    ),
    collector(
        "aws",
        DataDiscovery,
        ("aws_macie2_account",),
        plan_data_discovery,
        name="plan_data_discovery",
    ),
    collector(
        "aws",
        BlockStorageDefaults,
        ("aws_ebs_encryption_by_default",),
        plan_block_storage_defaults,
        name="plan_block_storage_defaults",
    ),
    collector(
        "aws",
        InstanceDefaults,
        ("aws_ec2_instance_metadata_defaults",),
        plan_instance_defaults,
        name="plan_instance_defaults",
    ),
    collector(
        "aws",
        ObjectStorageDefaults,
        ("aws_s3_account_public_access_block",),
        plan_object_storage_defaults,
        name="plan_object_storage_defaults",
    ),
    Collector(
        AccessAnalysis,
        collect_access_analyses,
        permissions=(),
        scope="global",
        name="plan_access_analyses",
    ),
    Collector(
        SupportAccess,
        collect_support_access,
        permissions=(),
        scope="global",
        name="plan_support_access",
    ),
)
