"""Checks on source control: organisation sign-in, repository settings, merged changes."""
