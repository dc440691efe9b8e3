"""The language of 科技局 reports, once: every rule about it is a table here with one function, and nothing else
keeps a private copy. One module per concept: sentences, numerals, periods, places, headings, hedges, indicators."""
