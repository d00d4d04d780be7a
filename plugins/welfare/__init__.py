"""riskengine domain plugin: welfare."""
