/* generated from share/dictionary.rfc3576 in a real build; empty stub */
