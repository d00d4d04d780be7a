"""Stage 2, packs: the YAML rule packs provincial teams write, loaded into compiled rules.

Parsing with source locations (:mod:`.yamlsource`, :mod:`.yamlguard`, :mod:`.text`), JSON Schema errors
an author can act on (:mod:`.schema_errors`, :mod:`.yaml_hints`), layering and overrides
(:mod:`.layers`, :mod:`.overrides`, :mod:`.select`, :mod:`.effective`), the safe condition language
(:mod:`.expression`) and the :class:`~.rulebook.RuleBook` of compiled :class:`~.rule.Rule` objects.
"""
