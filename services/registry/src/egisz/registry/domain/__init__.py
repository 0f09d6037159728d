"""What every context of the registry shares: identifiers, checks, who a person is (`people`), the
identity-miss rule and the base of the refusals. Each context's own rules are in
`<context>/domain/` (FRMR, FRMO, learners). Pure: no I/O, no framework, no wire models."""
