"""The pure simulation core: NumPy only. Never imports pygame or moderngl (a test enforces it)."""
