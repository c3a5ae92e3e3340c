"""Network exposure checks: networks, security groups and network ACLs."""
