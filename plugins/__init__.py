"""Built-in domain plugins of riskengine, loaded through the ``riskengine`` entry-point group."""
