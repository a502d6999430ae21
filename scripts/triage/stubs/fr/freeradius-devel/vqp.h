/* generated from share/dictionary.* in a real build; empty stub */
