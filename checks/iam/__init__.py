"""Identity and access checks: users, roles, policies, password policy and root."""
