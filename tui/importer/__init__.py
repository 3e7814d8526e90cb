"""From an article's text to a content store: `python -m tui import ARTICLE --into DIR`.

`article` reads the text into sections, `split` cuts a section into intro and solutions,
`coverage` proves every word is kept, `themes` suggests themes through the search's Arabic
analyzer, `naming` makes names, ids and keys, `build` turns it all into the files' data,
`write` writes YAML and the JSON Schema beside it, `command` is the command line.
Headless: nothing here imports textual.
"""
