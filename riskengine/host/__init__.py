"""The plugin host: the pluggy hook specifications, the plugin manager that collects what plugins
register, and the template ``riskengine plugin new`` writes for vendors."""
