"""riskengine domain plugin: procurement."""
