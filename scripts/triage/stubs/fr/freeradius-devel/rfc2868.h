/* generated from share/dictionary.rfc2868 in a real build; empty stub */
