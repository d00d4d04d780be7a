"""Rule packs shipped with riskengine (YAML, validated by ``schemas/rulepack.schema.json``)."""
