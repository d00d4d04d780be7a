"""Tools for rule-pack authors: rule tests, explanations, signing, the detector reference.

Nothing here is needed to run an assessment; the CLI (``riskengine rules ...``,
``riskengine explain``) and, later, the service call these modules.
"""
