/* generated from share/dictionary.rfc3580 in a real build; empty stub */
