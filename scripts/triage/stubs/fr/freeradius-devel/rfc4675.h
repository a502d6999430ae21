/* generated from share/dictionary.rfc4675 in a real build; empty stub */
