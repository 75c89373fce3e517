"""drillsim's bundled scenarios, their playbooks and the scenario JSON Schema (data only)."""
