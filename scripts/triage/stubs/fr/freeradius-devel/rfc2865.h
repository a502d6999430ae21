/* generated from share/dictionary.rfc2865 in a real build; empty stub */
