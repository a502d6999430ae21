/* generated from share/dictionary.rfc2866 in a real build; empty stub */
