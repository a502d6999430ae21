/* generated from share/dictionary.rfc4603 in a real build; empty stub */
