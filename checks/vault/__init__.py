"""Checks over key and secret stores (Azure Key Vault)."""
