"""The AWS policy language engine: parse, evaluate, judge exposure and escalation.

Pure and SDK-free: every check and collector that reads an identity, trust or resource
policy goes through this package. API reference: docs/policy-engine.md.
"""

from __future__ import annotations

from scanner.policy.catalogue import ActionInfo, access_level, expand, service_actions
from scanner.policy.conditions import evaluate_clause, evaluate_conditions, parse_operator
from scanner.policy.escalation import METHODS, Method, Path, escalation_paths
from scanner.policy.evaluate import (
    Decision,
    Grant,
    Permissions,
    Request,
    evaluate,
    principal_matches,
    statement_grants_everything,
)
from scanner.policy.exposure import (
    Exposure,
    StatementExposure,
    denies_insecure_transport,
    public_access,
    statement_public,
)
from scanner.policy.keys import KeyInfo, classify
from scanner.policy.parse import MalformedPolicyError, parse_policy_document

__all__ = [
    "METHODS", "ActionInfo", "Decision", "Exposure", "Grant", "KeyInfo", "MalformedPolicyError",
    "Method", "Path", "Permissions", "Request", "StatementExposure", "access_level", "classify",
    "denies_insecure_transport", "escalation_paths", "evaluate", "evaluate_clause",
    "evaluate_conditions", "expand", "parse_operator", "parse_policy_document",
    "principal_matches", "public_access", "service_actions", "statement_grants_everything",
    "statement_public",
]  # fmt: skip
