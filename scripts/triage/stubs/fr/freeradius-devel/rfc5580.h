/* generated from share/dictionary.rfc5580 in a real build; empty stub */
