"""FRMR's domain: the worker record (личное дело), its entries, corrections, events and who sees
what of it. Pure."""
