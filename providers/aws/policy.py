"""Compatibility shim: the AWS policy language parser lives in ``scanner.policy.parse``."""

from __future__ import annotations

from scanner.policy.parse import MalformedPolicyError, parse_policy_document

__all__ = ["MalformedPolicyError", "parse_policy_document"]
