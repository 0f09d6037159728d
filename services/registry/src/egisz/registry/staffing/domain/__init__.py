"""A staffing table and its rules. Pure."""
