"""The directory's rules: what each record of the register looks like as FHIR, which version a
change makes, and what a search's parameters mean. Pure."""
