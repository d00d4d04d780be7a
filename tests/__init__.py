"""riskengine test suite."""
