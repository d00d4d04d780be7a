"""Synthetic datasets with planted violations and their ground truth, and the detection-quality measure.

Installed as ``riskengine_synth`` from the top-level ``synth/`` folder, outside the engine: inside
``riskengine`` only ``riskengine demo`` imports it.
"""
