"""riskengine domain plugin: finance_disclosure."""
