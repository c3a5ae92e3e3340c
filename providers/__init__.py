"""Cloud provider adapters: the only place cloud SDKs are imported."""
