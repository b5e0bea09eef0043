"""Every non-trivial read of the feedback app, one module per concern."""
