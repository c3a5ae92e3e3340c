"""Re-export of the provider interface defined in ``scanner.provider``.

The interface lives in the core so the engine can use it without importing ``providers``.
"""

from scanner.provider import Collector, Item, ProviderSpec, Session

__all__ = ["Collector", "Item", "ProviderSpec", "Session"]
