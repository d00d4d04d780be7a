"""JSON Schemas of riskengine: rule packs, record types, the assessment result."""
