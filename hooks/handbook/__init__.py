"""Pure functions behind the handbook's MkDocs hooks; the hook files in hooks/ are thin event adapters."""
