"""drillsim's user side: the command line and the Textual terminal app."""
