"""Audit logging, log storage, configuration recording and threat detection checks."""
