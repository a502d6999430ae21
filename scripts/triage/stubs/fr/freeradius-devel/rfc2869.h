/* generated from share/dictionary.rfc2869 in a real build; empty stub */
