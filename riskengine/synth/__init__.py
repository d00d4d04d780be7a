"""Synthetic datasets with planted violations and ground truth (also behind ``riskengine demo``)."""
