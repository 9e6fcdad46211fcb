"""tpm-vs-pm: tells project, program and product management apart by the duties, not the title."""
