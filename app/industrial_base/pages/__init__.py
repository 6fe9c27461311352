"""Per-page preparation: pure functions from validated frames to figures and quoted numbers."""
