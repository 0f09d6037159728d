"""The reporting service's rules: the facts it keeps of the registers, who sees which
organizations' figures, and which figures the public may not see. Pure."""
