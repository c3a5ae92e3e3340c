"""TLS negotiation policies of Elastic Load Balancing, as data read from AWS itself.

``elbv2:DescribeSslPolicies`` returns every predefined policy with the protocols
(``SslProtocols``) and cipher suites it allows; that answer is the table listeners are
judged by (the same policies are documented in the ELB user guides, "Security policies for
your Application/Network Load Balancer"). Classic load balancers carry their policy as
``SSLNegotiationPolicyType`` attributes: ``Protocol-*`` and cipher names set to "true", or
only ``Reference-Security-Policy`` naming a predefined policy, which is then looked up in the
same table (classic and v2 predefined policies of the same name allow the same protocols
and ciphers).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from scanner.model import TlsPolicy

DESCRIBE_SSL_POLICIES = "elasticloadbalancing:DescribeSSLPolicies"


def to_tls_policies(policies: Iterable[Mapping[str, Any]]) -> dict[str, TlsPolicy]:
    """Pure: DescribeSslPolicies ``SslPolicies`` -> name -> TlsPolicy."""
    out: dict[str, TlsPolicy] = {}
    for policy in policies:
        name = str(policy.get("Name", ""))
        out[name] = TlsPolicy(
            name=name,
            protocols=tuple(str(p) for p in policy.get("SslProtocols") or ()),
            ciphers=tuple(str(c.get("Name", "")) for c in policy.get("Ciphers") or ()),
        )
    return out


def classic_policy(
    description: Mapping[str, Any], predefined: Mapping[str, TlsPolicy]
) -> TlsPolicy | None:
    """Pure: a classic ``PolicyDescription`` (SSLNegotiationPolicyType) -> TlsPolicy.

    Explicit ``Protocol-*``/cipher attributes win; with none, ``Reference-Security-Policy``
    is looked up in ``predefined``. None when neither says what is allowed.
    """
    name = str(description.get("PolicyName", ""))
    attributes = {
        str(a.get("AttributeName", "")): str(a.get("AttributeValue", ""))
        for a in description.get("PolicyAttributeDescriptions") or ()
    }
    enabled = [k for k, v in attributes.items() if v.lower() == "true"]
    protocols = tuple(k.removeprefix("Protocol-") for k in enabled if k.startswith("Protocol-"))
    ciphers = tuple(
        k for k in enabled if not k.startswith("Protocol-") and k != "Server-Defined-Cipher-Order"
    )
    if protocols or ciphers:
        return TlsPolicy(name=name, protocols=protocols, ciphers=ciphers)
    reference = attributes.get("Reference-Security-Policy")
    if reference and reference in predefined:
        found = predefined[reference]
        return TlsPolicy(name=name or reference, protocols=found.protocols, ciphers=found.ciphers)
    return None
