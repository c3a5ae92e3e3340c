"""Operations automation content (SSM documents; GCP/Azure runbooks could fill it later)
and account defaults for new compute instances."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource

#: The account id AWS uses for "shared with everyone" in SSM document permissions.
PUBLIC = "all"


class AutomationDocument(Resource):
    """A runbook/command document owned by the account."""

    shared_with: tuple[str, ...] | None = Field(
        description="Account ids it is shared with ('all': everyone); None unknown."
    )

    @property
    def public(self) -> bool | None:
        """Shared with every account."""
        return None if self.shared_with is None else PUBLIC in self.shared_with


class DocumentSharing(Resource):
    """Region-level: whether documents may be shared publicly at all."""

    public_sharing_blocked: bool | None


class InstanceDefaults(Resource):
    """Region-level defaults applied to new instances (EC2 instance metadata defaults)."""

    metadata_tokens_required: bool | None = Field(
        description="New instances answer only IMDSv2 (or have IMDS off); None unknown."
    )
