"""Built-in checks: pure functions over provider-neutral models, one module per resource kind."""
